#!/usr/bin/env bash
# Installs what the VS Code (code-server) e2e test needs, idempotently:
#   Debian: chromium ripgrep + build deps for code-server's native modules
#   npm:    code-server@4.99.4 and playwright-core into $VCR_E2E_CACHE (outside the repo)
# Prints the cache dir on the last line of stdout. Non-interactive; safe to call as root under CI=true.
set -euo pipefail

CODE_SERVER_VERSION=4.99.4
PLAYWRIGHT_VERSION=1.65.1
CACHE="${VCR_E2E_CACHE:-$HOME/.cache/vcr-e2e}"
export DEBIAN_FRONTEND=noninteractive
log() { echo "[e2e-install] $*" >&2; }

# --- Debian packages -------------------------------------------------------------------------
APT_PKGS=(chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config build-essential python3)
missing=()
for p in "${APT_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  log "apt-get install ${missing[*]}"
  timeout -k 10 600 $SUDO apt-get update -qq </dev/null >&2
  timeout -k 10 900 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >&2
fi

mkdir -p "$CACHE"

# --- code-server -----------------------------------------------------------------------------
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
if [[ ! -f "$CS_DIR/.installed" ]]; then
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (1-3 min, builds native modules)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"private":true}' >"$CS_DIR/package.json"
  # Fix 4: @vscode/ripgrep's postinstall downloads rg; pre-seed its cache with Debian's rg.
  tmp=$(node -p "require('os').tmpdir()")
  rgcache="$tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rgcache"
  tball="$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [[ ! -s "$tball" ]]; then
    st=$(mktemp -d); cp "$(command -v rg)" "$st/rg"; tar -C "$st" -czf "$tball" rg; rm -rf "$st"
  fi
  # Fix 2 (root) and 5 (npx prompt in node-pty's postinstall).
  ( cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false \
      npm_config_audit=false npm_config_update_notifier=false \
      timeout -k 10 1200 npm install --no-save --foreground-scripts "code-server@$CODE_SERVER_VERSION" </dev/null >&2 )
  xdg=$(mktemp -d)
  v=$(XDG_CONFIG_HOME="$xdg" timeout -k 5 60 "$CS_BIN" --version </dev/null 2>/dev/null | grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+' || true)
  rm -rf "$xdg"
  log "code-server --version: $v"
  [[ "$v" == "$CODE_SERVER_VERSION"* ]] || { log "unexpected code-server version"; exit 2; }
  touch "$CS_DIR/.installed"
fi

# --- playwright-core (driver) ----------------------------------------------------------------
PW_DIR="$CACHE/driver-pw-$PLAYWRIGHT_VERSION"
if [[ ! -f "$PW_DIR/.installed" ]]; then
  log "installing playwright-core@$PLAYWRIGHT_VERSION into $PW_DIR"
  rm -rf "$PW_DIR"; mkdir -p "$PW_DIR"
  echo '{"private":true}' >"$PW_DIR/package.json"
  # playwright-core has no browser-download postinstall; we use Debian's /usr/bin/chromium.
  ( cd "$PW_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_fund=false npm_config_audit=false \
      npm_config_update_notifier=false \
      timeout -k 10 600 npm install --no-save "playwright-core@$PLAYWRIGHT_VERSION" </dev/null >&2 )
  touch "$PW_DIR/.installed"
fi

echo "$CACHE"
