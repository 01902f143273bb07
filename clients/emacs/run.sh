#!/usr/bin/env bash
# Headless Emacs + eglot test of Vcr (clients/emacs/smoke.el). Installs Debian's emacs-nox and elpa-eglot
# when missing.
# usage: clients/emacs/run.sh [--workspace DIR] [--expect FILE] [--file F --line L --character C]
#                             [--query NAME] [--timeout SECS] [--trace FILE] [--config] [-- SERVER COMMAND...]
# --config runs config-test.el instead (the documented user configuration vcr.el, on a copy of the
# workspace outside any repository, so that vcr-root-markers decide the project root).
# Defaults: the java-app fixture, its expectations clients/fixtures/expect/<workspace name>.json, and
# `bin/vcr lsp --stdio`. --trace writes eglot's JSON-RPC events buffer to FILE. Exit: 0 ok, 1 a check
# failed, 2 usage/missing install, 3 timeout, 4 server died, 124/137 the outer timeout killed Emacs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=../lib/common.sh
. "$repo/clients/lib/common.sh"

ws="$repo/clients/fixtures/java-app" expect="" secs="${VCR_EMACS_TIMEOUT:-180}"
file="" line="" character="" query="" trace="" script="smoke.el"
server=()
while [ $# -gt 0 ]; do
  case "$1" in
    --workspace) ws="$2"; shift 2 ;;
    --expect) expect="$2"; shift 2 ;;
    --file) file="$2"; shift 2 ;;
    --line) line="$2"; shift 2 ;;
    --character) character="$2"; shift 2 ;;
    --query) query="$2"; shift 2 ;;
    --timeout) secs="$2"; shift 2 ;;
    --config) script="config-test.el"; shift ;;
    --trace) trace="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --) shift; server=("$@"); break ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
ws="$(cd "$ws" && pwd)" || exit 2
[ -n "$expect" ] || expect="$repo/clients/fixtures/expect/$(basename "$ws").json"
[ -f "$expect" ] || { echo "run.sh: no expectations file $expect" >&2; exit 2; }
[ ${#server[@]} -gt 0 ] || server=("$repo/bin/vcr" lsp --stdio)

pkgs=()
command -v emacs >/dev/null || pkgs+=(emacs-nox)
[ -d /usr/share/emacs/site-lisp/elpa/eglot-1.9 ] || ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 \
  || pkgs+=(elpa-eglot)
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "emacs: installing Debian ${pkgs[*]}" >&2
  apt_install "${pkgs[@]}" || exit 2
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/vcr-emacs.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch"/{home,cache,run}
chmod 700 "$scratch/run"
export HOME="$scratch/home"
export XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share"
export XDG_CACHE_HOME="${VCR_TEST_CACHE:-$scratch/cache}"
export XDG_RUNTIME_DIR="${VCR_TEST_RUNTIME:-$scratch/run}"
if [ "$script" = config-test.el ]; then
  cp -r "$ws" "$scratch/ws"
  ws="$scratch/ws"
fi
export VCR_WS="$ws" VCR_EXPECT="$expect" VCR_SERVER_CMD="$(json_array "${server[@]}")"
[ -z "$file" ] || export VCR_FILE="$file" VCR_LINE="$line" VCR_CHARACTER="$character"
[ -z "$query" ] || export VCR_QUERY="$query"
[ -z "$trace" ] || export VCR_EMACS_TRACE="$trace"

rc=0
timeout -k 5 "$secs" emacs --batch -Q -l "$here/$script" </dev/null || rc=$?
if [ "$rc" != 0 ]; then
  echo "emacs: exit $rc" >&2
  case "$rc" in 124|137) echo "emacs: killed by the outer timeout ($secs s)" >&2; echo "emacs: 0 passed, 1 failed" ;; esac
fi
exit "$rc"
