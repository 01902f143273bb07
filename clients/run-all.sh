#!/usr/bin/env bash
# All real-client tests of Vcr: the Node smoke test (fixtures + dogfood on kernel/src/main/java), headless
# Neovim and headless Emacs + eglot (tests and the documented configurations). Installs what is missing
# (Debian neovim, emacs-nox, elpa-eglot; npm ci for the smoke client), builds the server jar if missing,
# runs every suite under `timeout -k`, prints one result line per suite and `clients: N passed, N failed`.
# Exit 1 when any suite failed, 2 when a prerequisite could not be installed.
# Environment: VCR_JAR (server jar; default lsp-server/target/vcr.jar), VCR_CLIENTS_ONLY (space-separated
# suite names to run), VCR_CLIENTS_LOG (folder for per-suite logs; default a temporary folder).
# Non-interactive: no stdin needed, works as root with CI=true.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# shellcheck source=lib/common.sh
. "$repo/clients/lib/common.sh"
exec </dev/null

export VCR_JAR="${VCR_JAR:-$repo/lsp-server/target/vcr.jar}"
logs="${VCR_CLIENTS_LOG:-$(mktemp -d "${TMPDIR:-/tmp}/vcr-clients.XXXXXX")}"
mkdir -p "$logs"
t_all=$(date +%s%N)

# --- prerequisites
need=()
command -v nvim >/dev/null || need+=(neovim)
command -v emacs >/dev/null || need+=(emacs-nox)
ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || need+=(elpa-eglot)
if [ ${#need[@]} -gt 0 ]; then
  echo "clients: installing ${need[*]}"
  apt_install "${need[@]}" || { echo "clients: 0 passed, 1 failed"; exit 2; }
fi
command -v node >/dev/null || { echo "clients: node is missing"; echo "clients: 0 passed, 1 failed"; exit 2; }
if [ ! -d clients/smoke/node_modules/vscode-languageserver-protocol ]; then
  timeout -k 5 300 npm ci --prefix clients/smoke --no-audit --no-fund --loglevel=error \
    || { echo "clients: npm ci failed"; echo "clients: 0 passed, 1 failed"; exit 2; }
fi
if [ ! -f "$VCR_JAR" ]; then
  echo "clients: building $VCR_JAR"
  timeout -k 5 1200 mvn -B -q -ntp -DskipTests package || { echo "clients: build failed"; echo "clients: 0 passed, 1 failed"; exit 2; }
fi

# One scratch index cache and daemon runtime folder for the whole run; daemons exit 3 s after their
# last client.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/vcr-clients-run.XXXXXX")"
mkdir -p "$scratch/cache" "$scratch/run"
chmod 700 "$scratch/run"
export XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"
export VCR_TEST_CACHE="$scratch/cache" VCR_TEST_RUNTIME="$scratch/run"
server=("$repo/bin/vcr" lsp --stdio --idle-timeout-seconds 3)

passed=0 failed=0
results=()
# suite NAME SECS COMMAND... : runs one suite under timeout -k, logs its output, records its result.
suite() {
  local name="$1" secs="$2"; shift 2
  if [ -n "${VCR_CLIENTS_ONLY:-}" ] && [[ " $VCR_CLIENTS_ONLY " != *" $name "* ]]; then return; fi
  local t0 rc=0 ms summary
  t0=$(date +%s%N)
  timeout -k 5 "$secs" "$@" >"$logs/$name.out" 2>"$logs/$name.err" || rc=$?
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  summary="$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed$' "$logs/$name.out" | tail -1)"
  if [ "$rc" = 0 ]; then
    passed=$((passed + 1)); results+=("PASS $name ${ms} ms (${summary:-no summary})")
  else
    failed=$((failed + 1)); results+=("FAIL $name ${ms} ms exit $rc (${summary:-no summary})")
    echo "--- $name failed (exit $rc); its output:"
    grep -v '"ok":true' "$logs/$name.out" | tail -n 30
    echo "--- $name stderr (tail):"
    tail -n 30 "$logs/$name.err"
  fi
  echo "${results[-1]}"
}

smoke=(node clients/smoke/smoke.js)
suite smoke-java-app 300 "${smoke[@]}" clients/fixtures/java-app -- "${server[@]}"
suite smoke-py-app 300 "${smoke[@]}" clients/fixtures/py-app -- "${server[@]}"
suite smoke-java-app-position 300 "${smoke[@]}" clients/fixtures/java-app --file src/main/java/app/Main.java \
  --line 6 --character 33 --encodings utf-16 -- "${server[@]}"
suite smoke-no-daemon 300 "${smoke[@]}" clients/fixtures/py-app -- "$repo/bin/vcr" lsp --no-daemon
suite smoke-dogfood-kernel 600 "${smoke[@]}" kernel/src/main/java -- "${server[@]}"
suite nvim-java-app 240 clients/nvim/run.sh --workspace clients/fixtures/java-app -- "${server[@]}"
suite nvim-py-app 240 clients/nvim/run.sh --workspace clients/fixtures/py-app -- "${server[@]}"
suite nvim-config 240 clients/nvim/run.sh --config --workspace clients/fixtures/java-app -- "${server[@]}"
suite emacs-java-app 240 clients/emacs/run.sh --workspace clients/fixtures/java-app -- "${server[@]}"
suite emacs-py-app 240 clients/emacs/run.sh --workspace clients/fixtures/py-app -- "${server[@]}"
suite emacs-config 240 clients/emacs/run.sh --config --workspace clients/fixtures/py-app -- "${server[@]}"

echo "== clients: per-suite results (logs: $logs)"
for r in "${results[@]}"; do echo "  $r"; done
echo "clients: total $(( ($(date +%s%N) - t_all) / 1000000 )) ms"
# Give the daemons of this run time to reach their idle timeout before their folder goes.
sleep 4
rm -rf "$scratch"
echo "clients: $passed passed, $failed failed"
[ "$failed" = 0 ]
