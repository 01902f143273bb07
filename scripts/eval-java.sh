#!/usr/bin/env bash
# Accuracy benchmark (issue 5): answers the eval kit's Java queries with Vcr and prints the kit's score.
# Needs ../shared/eval (the kit) beside the checkout; fetches its corpora on first run (Maven Central).
# Usage: scripts/eval-java.sh [extra score args, e.g. --explain 5]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="${VCR_EVAL_KIT:-$here/../shared/eval}"
export EVAL_CACHE="${EVAL_CACHE:-$HOME/.cache/vcr-eval}"
jar="${VCR_JAR:-$here/lsp-server/target/vcr.jar}"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -DskipTests package)
if [ ! -f "$EVAL_CACHE/queries/java.queries.jsonl" ]; then
  (cd "$kit" && ./run-pipeline.sh >&2) || true
fi
out="${VCR_EVAL_OUT:-$here/target-eval}"
mkdir -p "$out"
: > "$out/vcr.results.jsonl"
for corpus in commons-lang3 commons-collections4; do
  java ${VCR_EVAL_JAVA_OPTS:-} -cp "$jar" dev.vcr.lsp.eval.EvalRunner --queries "$EVAL_CACHE/queries/java.queries.jsonl" \
    --root "$EVAL_CACHE/workspaces/$corpus" --corpus "$corpus" --out "$out/$corpus.results.jsonl" \
    --index-dir "$out/index-$corpus"
  cat "$out/$corpus.results.jsonl" >> "$out/vcr.results.jsonl"
done
"$kit/score" --queries "$EVAL_CACHE/queries/java.queries.jsonl" --results "$out/vcr.results.jsonl" --by corpus "$@"
