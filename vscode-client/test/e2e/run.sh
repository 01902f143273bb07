#!/usr/bin/env bash
# End-to-end test of the Vcr extension in a real VS Code: code-server 4.99.4 in headless Chromium.
#
#   test/e2e/run.sh [--jar PATH] [--vsix PATH] [--standin] [--no-package]
#
#   --jar PATH    server jar to bundle (default: ../lsp-server/target/vcr.jar, or $VCR_SERVER_JAR)
#   --vsix PATH   use this .vsix instead of packaging one
#   --no-package  reuse dist/vcr.vsix if it exists
#   --negative    instead of the normal run, start a server command that cannot start and check that the
#                 extension reports it (status "Vcr: failed" + error notification)
#   --standin     check the harness against test/e2e/standin-server.js (not Vcr!) via VCR_SERVER_COMMAND;
#                 a placeholder jar is bundled when no server jar exists
#
# Environment: VCR_E2E_CACHE (tool cache, default ~/.cache/vcr-e2e), VCR_E2E_OUT (screenshots, logs,
# probe.json, report.json; default vscode-client/.vcr-out), VCR_E2E_TIMEOUT (driver seconds, default 300),
# VCR_E2E_KEEP_SCRATCH=1 keeps the scratch dirs.
# Exit: 0 all checks passed; 1 a check failed; 2 setup/usage problem (e.g. no jar); 3 timeout;
#       4 the server failed to start; 124/137 an outer timeout killed a step.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CLIENT_DIR=$(cd "$HERE/../.." && pwd)
cd "$CLIENT_DIR"

JAR="${VCR_SERVER_JAR:-$CLIENT_DIR/../lsp-server/target/vcr.jar}"
VSIX=""
STANDIN=0
NEGATIVE=0
PACKAGE=1
while (($#)); do
  case "$1" in
    --jar) JAR=$2; shift 2 ;;
    --vsix) VSIX=$2; PACKAGE=0; shift 2 ;;
    --standin) STANDIN=1; shift ;;
    --negative) NEGATIVE=1; shift ;;
    --no-package) PACKAGE=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
OUT="${VCR_E2E_OUT:-$CLIENT_DIR/.vcr-out}"
if ((NEGATIVE)); then OUT="$OUT/negative"; fi
log() { echo "[e2e] $*" >&2; }
t_start=$SECONDS
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vcr-e2e-run-XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

# 1. Tools (apt packages, code-server, playwright-core) — cached outside the repo.
t=$SECONDS
CACHE=$(timeout -k 10 1800 bash "$HERE/install.sh" | tail -1) || { log "tool install failed"; exit 2; }
CS_BIN=$(ls "$CACHE"/code-server-*/node_modules/.bin/code-server | head -1)
PW_DIR=$(ls -d "$CACHE"/driver-pw-*/ | head -1)
log "tools ready in $((SECONDS - t)) s (cache $CACHE)"

# 2. The .vsix.
SERVER_CMD=""
if ((STANDIN)); then
  SERVER_CMD=$(printf '["%s","%s"]' "$(command -v node)" "$HERE/standin-server.js")
  log "STAND-IN mode: the extension talks to standin-server.js, not to Vcr"
fi
if ((STANDIN || NEGATIVE)) && [[ ! -f "$JAR" ]]; then
  JAR="$SCRATCH/placeholder/vcr.jar"; mkdir -p "$SCRATCH/placeholder"
  echo "placeholder: run.sh --standin/--negative packaged no real server" >"$JAR"
fi
if [[ -z "$VSIX" ]]; then
  VSIX="$CLIENT_DIR/dist/vcr.vsix"
  if ((PACKAGE)) || [[ ! -f "$VSIX" ]]; then
    if [[ ! -f "$JAR" ]]; then
      log "server jar not found: $JAR — build it (mvn -B -q package -DskipTests), pass --jar, or use --standin"
      exit 2
    fi
    t=$SECONDS
    timeout -k 10 1200 bash "$CLIENT_DIR/scripts/package.sh" "$JAR" >&2 || { log "packaging failed"; exit 2; }
    log "packaged in $((SECONDS - t)) s"
  fi
fi
[[ -f "$VSIX" ]] || { log "no .vsix at $VSIX"; exit 2; }

# 3. A scratch copy of the fixture (the server and VS Code may write into the workspace).
cp -r "$CLIENT_DIR/testFixture" "$SCRATCH/fixture"
rm -rf "$OUT"; mkdir -p "$OUT"

# 4. Drive code-server.
DRIVER_TIMEOUT=${VCR_E2E_TIMEOUT:-300}
args=(--code-server "$CS_BIN" --playwright "$PW_DIR" --vsix "$VSIX" --workspace "$SCRATCH/fixture"
      --out "$OUT" --timeout "$DRIVER_TIMEOUT")
if ((NEGATIVE)); then
  args+=(--expect start-failure --server-command '["/nonexistent/vcr-e2e/vcr","lsp"]')
elif [[ -n "$SERVER_CMD" ]]; then
  args+=(--server-command "$SERVER_CMD")
fi
t=$SECONDS
touch "$SCRATCH/driver-started"
set +e
timeout -k 10 $((DRIVER_TIMEOUT + 60)) node "$HERE/driver.js" "${args[@]}" </dev/null
rc=$?
set -e
if ((rc != 0)); then
  # A failed run on a CI machine leaves nothing else behind: print the logs of the client and of the
  # daemons this run used (their runtime directory, RuntimeDir.java), last, where a CI summary shows them.
  runtime="${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/vcr}"; runtime="${runtime:-/tmp/vcr-$(id -u)}"
  for f in "$OUT/vcr-output.log" $(find "$runtime" -maxdepth 1 -name '*.log' -newer "$SCRATCH/driver-started" 2>/dev/null | sort); do
    [[ -f "$f" ]] || continue
    echo "---- last 40 lines of $f"
    tail -40 "$f"
  done
fi
log "driver finished in $((SECONDS - t)) s with exit $rc; total $((SECONDS - t_start)) s; output in $OUT"
exit $rc
