#!/usr/bin/env bash
# C accuracy corpus, oracle and queries (issue 12), the C counterpart of the kit's run-pipeline.sh: installs
# libclang's Python binding from Debian, fetches the corpus from npm, lays out the workspace with a
# compile_commands.json, runs the project's clang oracle (eval/c-oracle), then the kit's check-oracle,
# sample-queries, name-match baseline and score.
#   EVAL_CACHE=DIR N=200 SEED=1 eval/c-pipeline.sh
# Corpus c-tree-sitter: the tree-sitter core library in C (lib/src, lib/include) from the npm package
# tree-sitter 0.25.1 (vendor/tree-sitter/lib), its .c and .h files, except lib.c (the amalgamation, which
# #includes every other .c file), wasm_store.c and wasm/ (the Wasm feature, which needs wasmtime's headers
# and is compiled out by default). Flags as upstream's Makefile: -std=c11 -D_POSIX_C_SOURCE=200112L
# -D_DEFAULT_SOURCE -Ilib/src -Ilib/include. clang must report no error (the oracle fails otherwise).
# C_CORPUS=cmark-gfm: the holdout corpus (measured, not gated), GitHub's cmark-gfm C library as the npm
# package cmark-gfm 0.9.0 ships it (vendor/cmark, its generated config and export headers included): the 34
# .c files of its binding.gyp's libcmark-gfm target and every .h and .inc file beside them, with that target's flags
# (-std=c99 -DCMARK_GFM_STATIC_DEFINE -DCMARK_GFM_EXTENSIONS_STATIC_DEFINE -Ivendor/cmark); queries in
# c-cmark.queries.jsonl.
# Leaves $EVAL_CACHE/workspaces/$corpus, $EVAL_CACHE/oracle/$corpus,
# $EVAL_CACHE/queries/$q.queries.jsonl, $EVAL_CACHE/results/$q.name-match.{jsonl,score.txt}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kit="${VCR_EVAL_KIT:-$here/../../shared/eval}"
export EVAL_CACHE="${EVAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vcr-eval}"
C="$EVAL_CACHE"; N="${N:-200}"; SEED="${SEED:-1}"
case "${C_CORPUS:-c-tree-sitter}" in
  c-tree-sitter) corpus=c-tree-sitter pkg=tree-sitter version=0.25.1 q=c
    integrity='sha512-mrcEdkYtHfrK1A6fs3O6FxkBo0Qig5XUXqHhxUOQu0bmPo00QF4XaSx4edpazdHwxnSCjlGKGgIqWdaN4dvTLA==';;
  cmark-gfm) corpus=c-cmark-gfm pkg=cmark-gfm version=0.9.0 q=c-cmark
    integrity='sha512-zt++V303Zh+kqS3PERSq1knHT21TpKjbVUF/U63QhLktEH+eeZymv+mHz+6IhcTN5Hy85LdkgdKlroa/Jc6Wvg==';;
  *) echo "c-pipeline: unknown C_CORPUS ${C_CORPUS}" >&2; exit 2;;
esac

if ! /usr/bin/python3 -c 'import clang.cindex as c; c.Index.create()' 2>/dev/null; then
  missing=(python3-clang libclang-dev)
  if [ "$(id -u)" != 0 ]; then
    echo "c-pipeline: needs the Debian packages ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "[c] apt-get install ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; }
fi
have="$(dpkg-query -W -f '${Version}' libclang1-14 2>/dev/null || true)"
case "$have" in 1:14.0.6*) ;; *) echo "[c] warning: libclang1-14 is '$have', the measured figures are for 1:14.0.6-12" >&2;; esac

mkdir -p "$C/tarballs" "$C/bin" "$C/queries" "$C/results"
tgz="$C/tarballs/$pkg-$version.tgz"
if [ ! -f "$tgz" ]; then
  echo "[c] npm pack $pkg@$version" >&2
  (cd "$C/tarballs" && npm pack --silent "$pkg@$version" >/dev/null </dev/null)
fi
got="$(node -e 'const h = require("crypto").createHash("sha512");
  h.update(require("fs").readFileSync(process.argv[1]));
  process.stdout.write("sha512-" + h.digest("base64"));' "$tgz")"
[ "$got" = "$integrity" ] || { rm -f "$tgz"; echo "[c] $pkg@$version: integrity $got, expected $integrity" >&2; exit 1; }

ws="$C/workspaces/$corpus"
rm -rf "$ws" "$ws.tmp"; mkdir -p "$ws.tmp"
if [ "$corpus" = c-tree-sitter ]; then
tar xzf "$tgz" -C "$ws.tmp" --strip-components=4 package/vendor/tree-sitter/lib
mkdir -p "$ws/lib"
(cd "$ws.tmp" && find include src -type f \( -name '*.c' -o -name '*.h' \) ! -name lib.c ! -name wasm_store.c \
   ! -path 'src/wasm/*' -print0 | xargs -0 cp --parents -t "$ws/lib")
rm -rf "$ws.tmp"
python3 - "$ws" <<'PY'
import json, os, sys
ws = sys.argv[1]
units = sorted(f"lib/src/{n}" for n in os.listdir(os.path.join(ws, "lib/src")) if n.endswith(".c"))
db = [{"directory": ws, "file": f,
       "arguments": ["cc", "-std=c11", "-D_POSIX_C_SOURCE=200112L", "-D_DEFAULT_SOURCE", "-Ilib/src",
                     "-Ilib/include", "-c", f]} for f in units]
with open(os.path.join(ws, "compile_commands.json"), "w") as f:
    json.dump(db, f, indent=1)
    f.write("\n")
PY
else
tar xzf "$tgz" -C "$ws.tmp" package/binding.gyp package/vendor/cmark
python3 - "$ws.tmp/package" "$ws" <<'PY'
import ast, json, os, shutil, sys
pkg, ws = sys.argv[1], sys.argv[2]
gyp = ast.literal_eval(open(os.path.join(pkg, "binding.gyp")).read())
lib = [t for t in gyp["targets"] if t["target_name"] == "libcmark-gfm"][0]
units = sorted(lib["sources"])
src = os.path.join(pkg, "vendor/cmark")
os.makedirs(os.path.join(ws, "vendor/cmark"))
for n in sorted(os.listdir(src)):
    if n.endswith((".h", ".inc")) or f"vendor/cmark/{n}" in units:
        shutil.copy(os.path.join(src, n), os.path.join(ws, "vendor/cmark", n))
args = ["cc"] + lib["cflags"] + [f"-D{d}" for d in lib["defines"]] + [f"-I{d}" for d in lib["include_dirs"]]
db = [{"directory": ws, "file": f, "arguments": args + ["-c", f]} for f in units]
with open(os.path.join(ws, "compile_commands.json"), "w") as f:
    json.dump(db, f, indent=1)
    f.write("\n")
PY
rm -rf "$ws.tmp"
fi

/usr/bin/python3 "$here/c-oracle/c_oracle.py" --root "$ws" --out "$C/oracle/$corpus"
"$kit/check-oracle" --oracle "$C/oracle/$corpus" --workspace "$ws"
"$kit/sample-queries" --oracle "$corpus=$C/oracle/$corpus" --n "$N" --seed "$SEED" --out "$C/queries/$q.queries.jsonl"
# The kit's name-match baseline lexes only .java/.py/.ts files; eval/name-match-ext.py runs it unchanged with .c and
# .h added to its extensions (they get its Java lexer: // and /* */ comments, quoted strings and characters).
python3 "$here/name-match-ext.py" "$kit/name-match-baseline" .c,.h --queries "$C/queries/$q.queries.jsonl" --workspace "$corpus=$ws" \
  --symbols "$corpus=$C/oracle/$corpus/symbols.jsonl" --out "$C/results/$q.name-match.jsonl"
"$kit/score" --queries "$C/queries/$q.queries.jsonl" --results "$C/results/$q.name-match.jsonl" \
  --label $q-name-match-baseline --by corpus | tee "$C/results/$q.name-match.score.txt"
