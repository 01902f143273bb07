#!/usr/bin/env bash
# Headless Neovim test of Vcr (clients/nvim/smoke.lua). Installs Debian's neovim when missing.
# usage: clients/nvim/run.sh [--workspace DIR] [--expect FILE] [--file F --line L --character C]
#                            [--query NAME] [--timeout SECS] [--config] [-- SERVER COMMAND...]
# --config runs config-test.lua instead: the documented user configuration vcr.lua must attach and answer.
# Defaults: the java-app fixture, its expectations clients/fixtures/expect/<workspace name>.json, and
# `bin/vcr lsp --stdio`. Exit: 0 ok, 1 a check failed, 2 usage/missing install, 3 timeout, 4 server died,
# 5 the Lua script fell through, 124/137 the outer timeout killed Neovim.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=../lib/common.sh
. "$repo/clients/lib/common.sh"

ws="$repo/clients/fixtures/java-app" expect="" secs="${VCR_NVIM_TIMEOUT:-180}"
file="" line="" character="" query="" script="smoke.lua"
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
    --config) script="config-test.lua"; shift ;;
    --) shift; server=("$@"); break ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
ws="$(cd "$ws" && pwd)" || exit 2
[ -n "$expect" ] || expect="$repo/clients/fixtures/expect/$(basename "$ws").json"
[ -f "$expect" ] || { echo "run.sh: no expectations file $expect" >&2; exit 2; }
[ ${#server[@]} -gt 0 ] || server=("$repo/bin/vcr" lsp --stdio)

if ! command -v nvim >/dev/null; then
  echo "nvim: installing Debian neovim" >&2
  apt_install neovim || exit 2
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/vcr-nvim.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch"/{config,data,state,cache,run}
chmod 700 "$scratch/run"
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_STATE_HOME="$scratch/state"
export XDG_CACHE_HOME="${VCR_TEST_CACHE:-$scratch/cache}"
export XDG_RUNTIME_DIR="${VCR_TEST_RUNTIME:-$scratch/run}"
export VCR_WS="$ws" VCR_EXPECT="$expect" VCR_SERVER_CMD="$(json_array "${server[@]}")"
[ -z "$file" ] || export VCR_FILE="$file" VCR_LINE="$line" VCR_CHARACTER="$character"
[ -z "$query" ] || export VCR_QUERY="$query"

rc=0
timeout -k 5 "$secs" nvim --headless -u NONE -i NONE -n --noplugin \
  -c "luafile $here/$script" -c 'cquit 5' </dev/null || rc=$?
if [ "$rc" != 0 ]; then
  echo "nvim: exit $rc" >&2
  log="$(find "$XDG_CACHE_HOME" -name 'lsp.log' 2>/dev/null | head -1)"
  [ -z "$log" ] || { echo "--- tail of $log" >&2; tail -n 30 "$log" >&2; }
  case "$rc" in 124|137) echo "nvim: killed by the outer timeout ($secs s)" >&2; echo "nvim: 0 passed, 1 failed" ;; esac
fi
exit "$rc"
