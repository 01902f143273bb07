#!/usr/bin/env bash
# Accuracy benchmark (issue 5): answers the eval kit's Java queries with Vcr and prints the kit's score.
# Needs ../shared/eval (the kit) beside the checkout; fetches its corpora on first run (Maven Central).
# Usage: scripts/eval-java.sh [--gate] [extra score args, e.g. --explain 5]
#   --gate: fail unless references, definition and call hierarchy meet issue 5's precision and recall
#           targets and workspace-symbol hit@1 stays above 0.65 (a regression floor, below its target).
set -euo pipefail
gate=0
if [ "${1:-}" = "--gate" ]; then gate=1; shift; fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="${VCR_EVAL_KIT:-$here/../shared/eval}"
export EVAL_CACHE="${EVAL_CACHE:-$HOME/.cache/vcr-eval}"
jar="${VCR_JAR:-$here/lsp-server/target/vcr.jar}"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -DskipTests package)
if [ ! -f "$EVAL_CACHE/queries/java.queries.jsonl" ]; then
  # java.base is only for throughput runs; its name-match baseline step may fail (a kit bug under paths
  # with a dot-directory), after the queries are written.
  (cd "$kit" && FETCH_JDK=0 ./run-pipeline.sh >&2) || true
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
"$kit/score" --queries "$EVAL_CACHE/queries/java.queries.jsonl" --results "$out/vcr.results.jsonl" --by corpus "$@" \
  | tee "$out/score.txt"
if [ "$gate" = 1 ]; then
  python3 - "$out/score.txt" <<'PY'
import json, sys
summary = json.loads([l for l in open(sys.argv[1]) if l.startswith("{")][-1])["kinds"]
targets = {"references": (0.90, 0.98), "definition": (0.95, 0.95), "incomingCalls": (0.90, 0.98),
           "outgoingCalls": (0.90, 0.95)}
failed = []
for kind, (p, r) in targets.items():
    k = summary[kind]
    if k["precision"] < p or k["recall"] < r:
        failed.append(f"{kind} P {k['precision']:.3f} R {k['recall']:.3f} (needs {p} / {r})")
if summary["workspaceSymbol"]["hit@1"] < 0.65:
    failed.append(f"workspaceSymbol hit@1 {summary['workspaceSymbol']['hit@1']:.3f} (floor 0.65)")
print("accuracy gate: " + ("FAILED: " + "; ".join(failed) if failed else "passed"))
sys.exit(1 if failed else 0)
PY
fi
