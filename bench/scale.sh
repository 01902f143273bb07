#!/usr/bin/env bash
# The scale benchmark (issue 9): Vcr against `ctags -R` on java.base and on the Linux 6.1 sources (two
# subsets and the whole tree), through the real CLI in separate processes. Run it as `bench/run.sh scale`.
#
#   bench/run.sh scale [--corpora java.base,linux-10k,linux-30k,linux-full,go-std,jdk,boost] [--timeout SECONDS]
#                      [--xmx1g CORPORA] [--no-threads] [--results FILE]
#
# It installs what it needs: the Debian packages linux-source-6.1, openjdk-17-source, universal-ctags and
# time, golang-1.19-src when the go-std corpus is asked for and libboost1.81-dev for the boost one (apt-get,
# as root; otherwise it says what to install and stops). It unpacks the Linux tarball once
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
boost_src=/usr/include/boost
case " $* " in
  *boost*) [ -f "$boost_src/version.hpp" ] || need_pkgs+=(libboost1.81-dev) ;;
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
# once DEST WHAT COMMAND...: makes the corpus folder DEST once, by COMMAND run with $tmp (DEST.tmp, made
# empty first) to fill; a marker file says it finished, so an interrupted copy is made again.
once() {
  local dest="$1" what="$2"
  shift 2
  [ -f "$dest/.vcr-bench-unpacked" ] && return 0
  echo "bench scale: $what into $dest (once)" >&2
  rm -rf "$dest" "$dest.tmp"
  mkdir -p "$dest.tmp"
  tmp="$dest.tmp" "$@"
  touch "$dest.tmp/.vcr-bench-unpacked"
  mv "$dest.tmp" "$dest"
}
linux_unpack() { tar -xf /usr/src/linux-source-6.1.tar.xz -C "$tmp" --strip-components=1; }
jbase_unpack() { unzip -q "$src_zip" 'java.base/*' -d "$tmp"; }
gostd_copy() { rmdir "$tmp" && cp -rL "$go_src" "$tmp"; }
jdk_unpack() { unzip -q "$src_zip" -d "$tmp"; }
# only the extensions both tools read as C or C++ (ctags reads no .ipp, which Vcr does)
boost_copy() {
  cp -rL "$boost_src" "$tmp/boost"
  find "$tmp" -type f ! \( -name '*.c' -o -name '*.h' -o -name '*.cc' -o -name '*.cpp' -o -name '*.cxx' \
    -o -name '*.c++' -o -name '*.hh' -o -name '*.hpp' -o -name '*.hxx' -o -name '*.h++' \) -delete
}
# Linux: about 1.3 GB unpacked. java.base: the java.base/ entries of src.zip, as IndexBenchmark picks them.
linux="$bench_dir/linux-6.1"
once "$linux" "unpacking /usr/src/linux-source-6.1.tar.xz" linux_unpack
jbase="$bench_dir/java.base-17"
once "$jbase" "unpacking java.base/ from $src_zip" jbase_unpack
# Go's standard library: copied (the one-file run edits a file, which must not be a system one). The whole
# JDK: every module of src.zip, about 15,000 Java files. Boost's headers (header-only, template-heavy C++)
# under boost/, as a project that includes <boost/...> has them.
gostd="$bench_dir/go-std"
jdk="$bench_dir/jdk-17"
boost="$bench_dir/boost-1.81"
case " $* " in *go-std*) once "$gostd" "copying $go_src" gostd_copy ;; esac
case " $* " in *jdk*) once "$jdk" "unpacking $src_zip" jdk_unpack ;; esac
case " $* " in *boost*) once "$boost" "copying $boost_src to boost/" boost_copy ;; esac

jar="${VCR_JAR:-$here/lsp-server/target$suffix/vcr.jar}"
if [ -n "${VCR_JAR:-}" ]; then
  [ -f "$jar" ] || { echo "bench scale: VCR_JAR=$jar does not exist" >&2; exit 2; }
elif [ "${VCR_BENCH_SKIP_BUILD:-}" != 1 ] || [ ! -f "$jar" ]; then
  echo "bench scale: building $jar" >&2
  # shellcheck disable=SC2086
  (cd "$here" && mvn -B -q -ntp ${VCR_MVN_OPTS:-} -DskipTests -Dvcr.buildSuffix="$suffix" -pl lsp-server -am package >&2)
fi
exec python3 "$here/bench/scale.py" --vcr "$here/bin/vcr" --jar "$jar" --bench-dir "$bench_dir" \
  --linux "$linux" --java-base "$jbase/java.base" --go-std "$gostd" --jdk "$jdk" --boost "$boost" "$@"
