# Shared helpers for the editor test runners (sourced; bash).

# json_array ARG... : prints the arguments as a JSON array of strings.
json_array() {
  local out="[" sep="" a
  for a in "$@"; do
    a=${a//\\/\\\\}; a=${a//\"/\\\"}; a=${a//$'\t'/\\t}; a=${a//$'\n'/\\n}
    out+="$sep\"$a\""; sep=","
  done
  printf '%s]' "$out"
}

# apt_install PKG... : installs Debian packages non-interactively (root only); returns 2 when impossible.
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "cannot install $* (need root and apt-get)" >&2
    return 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${VCR_APT_UPDATED:-}" ]; then
    timeout -k 5 300 apt-get update -q >&2 </dev/null || { echo "apt-get update failed" >&2; return 2; }
    export VCR_APT_UPDATED=1
  fi
  timeout -k 5 600 apt-get install -y -q --no-install-recommends "$@" >&2 </dev/null \
    || { echo "apt-get install $* failed" >&2; return 2; }
}
