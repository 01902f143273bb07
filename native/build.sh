#!/usr/bin/env bash
# Builds libvcrts.so, Vcr's optimised (-O3) indexing fast path (native/vcrts.c), from the tree-sitter core
# and grammar sources that the npm registry publishes (native/sources.txt), and prints its path on stdout.
#
#   native/build.sh            build if needed (a few minutes the first time), print the path
#   native/build.sh --locate   print the path only if it is already built; exit 1 otherwise (fast)
#   native/build.sh --background   as --locate, but when not built start a detached build for next time
#                              (not again within a day of a failed one); for bin/vcr
#
# Everything it fetches or builds lives outside the repository:
#   $VCR_CACHE_DIR/native-src/   npm tarballs and their unpacked sources
#   $VCR_CACHE_DIR/native/<digest>/libvcrts.so
# VCR_CACHE_DIR defaults to ${XDG_CACHE_HOME:-~/.cache}/vcr. <digest> covers vcrts.c, sources.txt, this
# script, the compiler version and the machine, so any change builds a new library next to the old ones.
# Needs: gcc (or $CC), npm and node, a JDK's include/jni.h, and the npm registry the first time.
# Exit codes: 0 built (path on stdout), 1 not built (--locate), 2 usage, 3 cannot build here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${VCR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vcr}"
cc="${CC:-gcc}"
mode="build"
case "${1:-}" in
  "") ;;
  --locate) mode="locate" ;;
  --background) mode="background" ;;
  *) echo "usage: native/build.sh [--locate|--background]" >&2; exit 2 ;;
esac

log() { echo "native/build.sh: $*" >&2; }
fail() {
  log "$*"
  if [ -d "$cache/native" ]; then echo "$*" > "$cache/native/last-failure"; fi
  exit 3
}

command -v "$cc" >/dev/null 2>&1 || { [ "$mode" = build ] || exit 1; fail "no C compiler ($cc); Vcr uses tree-sitter-ng's natives"; }
# The recipe: compile and link flags. Changing them (or vcrts.c, sources.txt, the compiler) changes <digest>.
# -O3 with link-time optimisation where the compiler has it: vcrts.c's walk calls the tree-sitter runtime's
# small accessors (tree cursor, node symbol) across files, which LTO inlines. java.base through
# ExtractBenchmark, parse + query alone on one core: 12.7-13.1 MB per CPU-second at -O2, 13.4 with -O2 and
# LTO, 12.5 at -O3 alone, 14.3-14.4 at -O3 with LTO. A compiler without LTO gets -O3 alone.
cflags=(-O3 -DNDEBUG -fPIC -fvisibility=hidden -g0 -w)
ldflags=(-O3 -shared -Wl,--no-undefined -Wl,-Bsymbolic -lpthread)
lto=(-flto=auto)  # probed when building (not on every lookup: bin/vcr locates the library at each command)
digest="$( {
  cat "$here/vcrts.c" "$here/sources.txt"
  echo "${cflags[*]} | ${ldflags[*]} | ${lto[*]} where the compiler has it | exports: Java_dev_vcr_kernel_parse_NativeExtractor_*"
  "$cc" --version 2>/dev/null | head -1
  uname -sm
} | sha256sum | cut -c1-16)"
out_dir="$cache/native/$digest"
lib="$out_dir/libvcrts.so"
if [ -f "$lib" ]; then
  echo "$lib"
  exit 0
fi
[ "$mode" = locate ] && exit 1
failed="$cache/native/last-failure"
if [ "$mode" = background ]; then
  if [ -f "$failed" ] && [ -n "$(find "$failed" -mmin -1440 2>/dev/null)" ]; then exit 1; fi
  mkdir -p "$cache/native"
  if command -v setsid >/dev/null 2>&1; then
    setsid "$here/build.sh" </dev/null >/dev/null 2>"$cache/native/background-build.log" &
  else
    nohup "$here/build.sh" </dev/null >/dev/null 2>"$cache/native/background-build.log" &
  fi
  exit 1
fi

command -v npm >/dev/null 2>&1 || fail "npm is not installed; cannot fetch the tree-sitter sources"
command -v node >/dev/null 2>&1 || fail "node is not installed; cannot check the npm tarballs"

# A JDK's JNI headers: $JAVA_HOME, else the JDK of the java on PATH.
java_home="${JAVA_HOME:-}"
if [ -z "$java_home" ] || [ ! -f "$java_home/include/jni.h" ]; then
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java || echo /nonexistent)")")")"
fi
[ -f "$java_home/include/jni.h" ] || fail "no jni.h under $java_home/include (set JAVA_HOME to a JDK)"

mkdir -p "$cache/native" "$cache/native-src/tarballs"
# One build at a time per cache; a second caller waits, then finds the library built.
exec 9>"$cache/native/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -f "$lib" ]; then echo "$lib"; exit 0; fi

src="$cache/native-src"
# Fetches and unpacks one npm package version; prints its unpacked directory.
fetch() {
  local pkg="$1" version="$2" integrity="$3"
  local tgz="$src/tarballs/$pkg-$version.tgz" dir="$src/$pkg-$version"
  if [ ! -f "$tgz" ]; then
    log "fetching $pkg@$version from npm"
    (cd "$src/tarballs" && npm pack --silent "$pkg@$version" >/dev/null </dev/null) \
      || fail "npm pack $pkg@$version failed (offline?)"
  fi
  local got
  got="$(node -e 'const h = require("crypto").createHash("sha512");
    h.update(require("fs").readFileSync(process.argv[1]));
    process.stdout.write("sha512-" + h.digest("base64"));' "$tgz")"
  if [ "$got" != "$integrity" ]; then
    rm -f "$tgz"
    fail "$pkg@$version: tarball integrity $got, expected $integrity"
  fi
  if [ ! -d "$dir" ]; then
    local tmp="$dir.tmp.$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    tar xzf "$tgz" -C "$tmp" --strip-components=1
    mv "$tmp" "$dir"
  fi
  echo "$dir"
}

work="$out_dir.tmp.$$"
rm -rf "$work" && mkdir -p "$work/obj"
trap 'rm -rf "$work"' EXIT
jobs=()   # "object|source|include dir" per compile
core_inc=""
while read -r pkg version integrity sources; do
  case "$pkg" in ''|'#'*) continue ;; esac
  dir="$(fetch "$pkg" "$version" "$integrity")"
  for entry in $sources; do
    id="${entry%%:*}"
    path="$dir/${entry#*:}"
    if [ "$id" = core ]; then
      core_inc="$path/include"
      jobs+=("core.o|$path/src/lib.c|$path/src")
    else
      [ -f "$path/parser.c" ] || fail "$pkg@$version has no ${entry#*:}/parser.c"
      jobs+=("$id-parser.o|$path/parser.c|$path")
      if [ -f "$path/scanner.c" ]; then jobs+=("$id-scanner.o|$path/scanner.c|$path"); fi
    fi
  done
done < "$here/sources.txt"
[ -n "$core_inc" ] || fail "sources.txt names no tree-sitter core"
jobs+=("vcrts.o|$here/vcrts.c|$core_inc")

if ! echo 'int vcr_probe(void) { return 0; }' | "$cc" "${lto[@]}" -x c -c -o /dev/null - >/dev/null 2>&1; then
  log "$cc cannot ${lto[*]}; compiling without link-time optimisation"
  lto=()
fi
cflags+=("${lto[@]}")
ldflags+=("${lto[@]}")
log "compiling ${#jobs[@]} C files with $cc ${cflags[*]} into $out_dir (a few minutes, once)"
parallel="${VCR_NATIVE_JOBS:-2}"
running=0
for job in "${jobs[@]}"; do
  IFS='|' read -r obj file inc <<<"$job"
  "$cc" "${cflags[@]}" -I"$inc" -I"$core_inc" -I"$java_home/include" -I"$java_home/include/linux" \
    -c "$file" -o "$work/obj/$obj" 2>>"$work/build.log" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || fail "compile failed; see the log: $(tail -5 "$work/build.log")"
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || fail "compile failed; see the log: $(tail -5 "$work/build.log")"
  running=$((running - 1))
done
# Export only the JNI entry points; everything else (the tree-sitter runtime, the grammars) binds inside
# the library, so it never mixes with tree-sitter-ng's copies of the same symbols in the same process.
printf '{ global: Java_dev_vcr_kernel_parse_NativeExtractor_*; local: *; };\n' > "$work/exports.map"
"$cc" -o "$work/libvcrts.so" "$work"/obj/*.o -Wl,--version-script="$work/exports.map" "${ldflags[@]}" \
  2>>"$work/build.log" \
  || fail "link failed: $(tail -5 "$work/build.log")"
rm -rf "$work/obj" "$work/exports.map"
{
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) by native/build.sh with $("$cc" --version | head -1)"
  echo "flags: ${cflags[*]}; link: ${ldflags[*]}"
  grep -v '^#' "$here/sources.txt" | awk 'NF { print $1 "@" $2 }'
} > "$work/MANIFEST"
rm -rf "$out_dir"
mv "$work" "$out_dir"
trap - EXIT
rm -f "$failed"
log "built $lib"
echo "$lib"
