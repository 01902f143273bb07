#!/usr/bin/env bash
# TypeScript holdout corpus, oracle and queries (issue 12), measured beside the kit's ts-msal-common and not
# gated: the kit's TypeScript oracle (ts-oracle.js, TypeScript 5.9.3), check-oracle, sample-queries,
# name-match baseline and score, unchanged, on a corpus the TypeScript rules were not written against.
#   EVAL_CACHE=DIR N=200 SEED=1 eval/ts-pipeline.sh
# Corpus ts-mobx: mobx 6.13.5's src/**/*.ts from its npm tarball (its own declaration files included, as
# they declare globals such as __DEV__), with a tsconfig.json of strict options but implicit any allowed, as
# mobx's sources rely on it (an implicit any changes no name's resolution).
# TS_VARIANT=paths: corpus ts-mobx-paths, the same sources with every relative module specifier rewritten
# to a path alias ("../core/atom" in src/api/x.ts is "@mobx/core/atom", eval/ts-alias-imports.py) that the
# tsconfig maps with baseUrl and paths, so the oracle resolves the same declarations through the project's
# options: Vcr's figures there measure its tsconfig reading against the compiler's on real code.
# Leaves $EVAL_CACHE/workspaces/ts-mobx, $EVAL_CACHE/oracle/ts-mobx, $EVAL_CACHE/queries/ts-mobx.queries.jsonl,
# $EVAL_CACHE/results/ts-mobx.name-match.{jsonl,score.txt}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kit="${VCR_EVAL_KIT:-$here/../../shared/eval}"
export EVAL_CACHE="${EVAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vcr-eval}"
C="$EVAL_CACHE"; N="${N:-200}"; SEED="${SEED:-1}"
corpus=ts-mobx q=ts-mobx version=6.13.5
if [ "${TS_VARIANT:-}" = paths ]; then corpus=ts-mobx-paths q=ts-mobx-paths; fi
command -v npm >/dev/null || { echo "ts-pipeline: needs node and npm" >&2; exit 1; }
NPMD="$C/npm"
mkdir -p "$NPMD" "$C/queries" "$C/results"
[ -f "$NPMD/package.json" ] || echo '{"name":"vcr-eval-oracle-tools","private":true}' >"$NPMD/package.json"
if [ ! -f "$NPMD/node_modules/typescript/package.json" ] || [ ! -f "$NPMD/node_modules/@types/node/package.json" ]; then
  (cd "$NPMD" && npm install --silent --no-audit --no-fund typescript@5.9.3 @types/node@20.19.9 >/dev/null)
fi
tgz="$NPMD/mobx-$version.tgz"
[ -f "$tgz" ] || (cd "$NPMD" && npm pack --silent "mobx@$version" >/dev/null)
ws="$C/workspaces/$corpus"
rm -rf "$ws" "$NPMD/unpack-mobx"; mkdir -p "$ws" "$NPMD/unpack-mobx"
tar xzf "$tgz" -C "$NPMD/unpack-mobx"
(cd "$NPMD/unpack-mobx/package" && find src -name '*.ts' -print0 | xargs -0 cp --parents -t "$ws")
rm -rf "$NPMD/unpack-mobx"
paths_options=""
if [ "$corpus" = ts-mobx-paths ]; then
  python3 "$here/ts-alias-imports.py" "$ws" @mobx
  paths_options='"baseUrl": ".", "paths": { "@mobx/*": ["src/*"] },'
fi
cat >"$ws/tsconfig.json" <<JSON
{
  "compilerOptions": { $paths_options
    "target": "es2015", "module": "es2015", "moduleResolution": "node", "lib": ["esnext", "dom"],
    "strict": true, "noImplicitAny": false, "noImplicitThis": false, "noEmit": true, "skipLibCheck": true, "experimentalDecorators": true,
    "downlevelIteration": true, "types": ["node"], "typeRoots": ["../../npm/node_modules/@types"]
  },
  "include": ["src/**/*.ts"]
}
JSON
NODE_PATH="$NPMD/node_modules" node "$kit/ts-oracle.js" --root "$ws" --out "$C/oracle/$corpus"
"$kit/check-oracle" --oracle "$C/oracle/$corpus" --workspace "$ws"
"$kit/sample-queries" --oracle "$corpus=$C/oracle/$corpus" --n "$N" --seed "$SEED" --out "$C/queries/$q.queries.jsonl"
"$kit/name-match-baseline" --queries "$C/queries/$q.queries.jsonl" --workspace "$corpus=$ws" \
  --symbols "$corpus=$C/oracle/$corpus/symbols.jsonl" --out "$C/results/$q.name-match.jsonl"
"$kit/score" --queries "$C/queries/$q.queries.jsonl" --results "$C/results/$q.name-match.jsonl" \
  --label $q-name-match-baseline --by corpus | tee "$C/results/$q.name-match.score.txt"
