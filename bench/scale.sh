#!/usr/bin/env bash
# The scale benchmark (issue 9): Vcr against `ctags -R` on java.base and on the Linux 6.1 sources (two
# subsets and the whole tree), through the real CLI in separate processes. Run it as `bench/run.sh scale`.
#
#   bench/run.sh scale [--corpora java.base,linux-10k,linux-30k,linux-full,go-std] [--timeout SECONDS]
#                      [--xmx1g CORPORA] [--no-threads] [--results FILE]
#
# It installs what it needs: the Debian packages linux-source-6.1, openjdk-17-source, universal-ctags and
# time, and golang-1.19-src when the go-std corpus is asked for (apt-get, as root; otherwise it says what
# to install and stops). It unpacks the Linux tarball once
# into $VCR_BENCH_DIR/linux-6.1 and java.base/ from the JDK's src.zip once into $VCR_BENCH_DIR/java.base-17
# (VCR_BENCH_DIR defaults to ~/.cache/vcr-bench), and builds the server jar into lsp-server/target-bench
# (VCR_BUILD_SUFFIX, as bench/run.sh). The corpora, measurements and timeouts are described in
# bench/scale.py, which does the work. Environment: VCR_BENCH_SRC_ZIP (a JDK src.zip), VCR_MVN_OPTS
# (extra Maven options, e.g. -o), VCR_BENCH_SKIP_BUILD=1 (use the jar as it is), VCR_JAR (measure this
# jar instead, e.g. one built from another commit: `git archive C | tar -x -C D`, then
# `mvn -DskipTests -pl lsp-server -am package` in D).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="${VCR_BENCH_DIR:-$HOME/.cache/vcr-bench}"
suffix="${VCR_BUILD_SUFFIX:--bench}"

need_pkgs=()
[ -f /usr/src/linux-source-6.1.tar.xz ] || need_pkgs+=(linux-source-6.1)
src_zip="${VCR_BENCH_SRC_ZIP:-}"
if [ -z "$src_zip" ]; then
  for z in /usr/lib/jvm/openjdk-17/lib/src.zip /usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip; do
    if [ -f "$z" ]; then src_zip="$z"; break; fi
  done
  [ -n "$src_zip" ] || need_pkgs+=(openjdk-17-source)
fi
command -v ctags >/dev/null && ctags --version 2>/dev/null | grep -q "Universal Ctags" || need_pkgs+=(universal-ctags)
[ -x /usr/bin/time ] || need_pkgs+=(time)
command -v python3 >/dev/null || need_pkgs+=(python3)
command -v unzip >/dev/null || need_pkgs+=(unzip)
go_src=/usr/share/go-1.19/src
case " $* " in
  *go-std*) [ -f "$go_src/fmt/print.go" ] || need_pkgs+=(golang-1.19-src) ;;
esac
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench scale: needs the Debian packages: ${need_pkgs[*]}" >&2
    echo "  install them as root: sudo apt-get install -y ${need_pkgs[*]}" >&2
    exit 2
  fi
  echo "bench scale: installing ${need_pkgs[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >&2
  if [ -z "$src_zip" ]; then
    for z in /usr/lib/jvm/openjdk-17/lib/src.zip /usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip; do
      if [ -f "$z" ]; then src_zip="$z"; break; fi
    done
  fi
fi
[ -n "$src_zip" ] && [ -f "$src_zip" ] || { echo "bench scale: no JDK src.zip found" >&2; exit 2; }

mkdir -p "$bench_dir"
# Linux: unpacked once (about 1.3 GB; a marker file says the unpack finished).
linux="$bench_dir/linux-6.1"
if [ ! -f "$linux/.vcr-bench-unpacked" ]; then
  echo "bench scale: unpacking /usr/src/linux-source-6.1.tar.xz into $linux (once)" >&2
  rm -rf "$linux" "$linux.tmp"
  mkdir -p "$linux.tmp"
  tar -xf /usr/src/linux-source-6.1.tar.xz -C "$linux.tmp" --strip-components=1
  touch "$linux.tmp/.vcr-bench-unpacked"
  mv "$linux.tmp" "$linux"
fi
# java.base: the java.base/ entries of src.zip, as IndexBenchmark picks them.
jbase="$bench_dir/java.base-17"
if [ ! -f "$jbase/.vcr-bench-unpacked" ]; then
  echo "bench scale: unpacking java.base/ from $src_zip into $jbase (once)" >&2
  rm -rf "$jbase" "$jbase.tmp"
  mkdir -p "$jbase.tmp"
  unzip -q "$src_zip" 'java.base/*' -d "$jbase.tmp"
  touch "$jbase.tmp/.vcr-bench-unpacked"
  mv "$jbase.tmp" "$jbase"
fi

# Go's standard library: copied once (the one-file run edits a file, which must not be a system one).
gostd="$bench_dir/go-std"
case " $* " in
  *go-std*)
    if [ ! -f "$gostd/.vcr-bench-unpacked" ]; then
      echo "bench scale: copying $go_src into $gostd (once)" >&2
      rm -rf "$gostd" "$gostd.tmp"
      cp -rL "$go_src" "$gostd.tmp"
      touch "$gostd.tmp/.vcr-bench-unpacked"
      mv "$gostd.tmp" "$gostd"
    fi ;;
esac

jar="${VCR_JAR:-$here/lsp-server/target$suffix/vcr.jar}"
if [ -n "${VCR_JAR:-}" ]; then
  [ -f "$jar" ] || { echo "bench scale: VCR_JAR=$jar does not exist" >&2; exit 2; }
elif [ "${VCR_BENCH_SKIP_BUILD:-}" != 1 ] || [ ! -f "$jar" ]; then
  echo "bench scale: building $jar" >&2
  # shellcheck disable=SC2086
  (cd "$here" && mvn -B -q -ntp ${VCR_MVN_OPTS:-} -DskipTests -Dvcr.buildSuffix="$suffix" -pl lsp-server -am package >&2)
fi
exec python3 "$here/bench/scale.py" --vcr "$here/bin/vcr" --jar "$jar" --bench-dir "$bench_dir" \
  --linux "$linux" --java-base "$jbase/java.base" --go-std "$gostd" "$@"
