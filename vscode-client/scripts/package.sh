#!/usr/bin/env bash
# Builds the Vcr VS Code extension: npm ci, lint, compile, bundle the server jar, vsce package.
#   usage: scripts/package.sh [SERVER_JAR]      (default: ../lsp-server/target/vcr.jar)
#   output: vscode-client/dist/vcr.vsix (with the jar inside at extension/server/vcr.jar)
# Non-interactive; every step has a timeout. Exit: 0 ok, 1 a step failed, 2 the jar is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENT_DIR=$(pwd)
JAR="${1:-../lsp-server/target/vcr.jar}"
log() { echo "[package] $*" >&2; }

if [[ ! -f "$JAR" ]]; then
  log "server jar not found: $JAR (build it with: mvn -B -q package -DskipTests, or pass a path)"
  exit 2
fi
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

step() { local t=$1; shift; log "$*"; timeout -k 10 "$t" "$@" </dev/null || { log "FAILED ($?): $*"; exit 1; }; }

t0=$SECONDS
step 600 npm ci --no-fund --no-audit
step 300 npm run --silent lint
step 300 npm run --silent compile
rm -rf server && mkdir -p server dist
cp "$JAR" server/vcr.jar
rm -f dist/vcr.vsix
# --allow-missing-repository / --skip-license: otherwise vsce stops to ask y/N questions.
step 300 npx --no-install vsce package --allow-missing-repository --skip-license --out dist/vcr.vsix
# Sanity: the jar and the compiled entry point are inside.
listing=$(unzip -l dist/vcr.vsix)
for f in extension/server/vcr.jar extension/out/extension.js extension/package.json \
         extension/node_modules/vscode-languageclient/package.json; do
  grep -q " $f\$" <<<"$listing" || { log "FAILED: $f is missing from dist/vcr.vsix"; exit 1; }
done
log "built $CLIENT_DIR/dist/vcr.vsix ($(du -h dist/vcr.vsix | cut -f1)) in $((SECONDS - t0)) s"
