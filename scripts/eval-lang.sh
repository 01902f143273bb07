#!/usr/bin/env bash
# Accuracy benchmark (issues 5 and 12): answers the eval kit's queries for one language with Vcr, through
# the LSP server (dev.vcr.lsp.eval.EvalRunner), and prints the kit's score.
# Needs ../shared/eval (the kit) beside the checkout. On first run per language it runs the kit's pipeline
# for that language's corpora, which fetches them and installs the oracles' prerequisites: Java through
# Maven Central; Python with apt-get (python3-jedi, python3-jinja2, python3-markupsafe; needs root);
# TypeScript with npm (typescript, @types/node into $EVAL_CACHE/npm); Go with apt-get (golang-go and the corpus
# golang-github-google-go-cmp-dev; needs root) through eval/go-pipeline.sh; C with apt-get (python3-clang,
# libclang-dev; needs root) and npm (the corpus, tree-sitter 0.25.1's C sources) through eval/c-pipeline.sh.
# Usage: scripts/eval-lang.sh java|python|python-click|typescript|typescript-mobx|typescript-mobx-paths|go|go-pflag|c|c-cmark [--gate] [extra score args, e.g. --explain 5]
#   --gate: fail below the language's floors (the table `floors` below): issue 5's targets for Java; for
#           Python and TypeScript the figures measured when the gate was set, all above issue 12's targets;
#           for Go (go-cmp) the figures measured when the gate was set, also above them; for C (c-tree-sitter)
#           the figures measured when the gate was set, also above them; and below the floors of
#           scripts/workspace-symbol-queries.py (issue 10's qualified, camel-hump and subsequence
#           workspace-symbol queries, answered on the same index as the kit's; Java, Python, TypeScript).
set -euo pipefail
lang="${1:-}"; shift || true
case "$lang" in
  java) q=java; corpora=(commons-lang3 commons-collections4); pipeline=(env FETCH_JDK=0 ./run-pipeline.sh);;
  python) q=py; corpora=(py-jinja2-markupsafe); pipeline=(./run-pipeline.sh py-jinja2-markupsafe);;
  typescript) q=ts; corpora=(ts-msal-common); pipeline=(./run-pipeline.sh ts-msal-common);;
  # Python's holdout corpus (not gated): click 8.1.3 from Debian (eval/py-pipeline.sh), the kit's jedi oracle
  python-click) q=py-click; corpora=(py-click)
    pipeline=("$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/eval/py-pipeline.sh");;
  # TypeScript's holdout corpus (not gated): mobx 6.13.5 from npm (eval/ts-pipeline.sh), the kit's TS oracle
  typescript-mobx) q=ts-mobx; corpora=(ts-mobx)
    pipeline=("$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/eval/ts-pipeline.sh");;
  # the same sources with their relative imports rewritten to tsconfig path aliases (not gated)
  typescript-mobx-paths) q=ts-mobx-paths; corpora=(ts-mobx-paths)
    pipeline=(env TS_VARIANT=paths "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/eval/ts-pipeline.sh");;
  # Go: the project's own pipeline (eval/go-pipeline.sh: go/types oracle, Debian corpus), the kit's sampler/scorer
  go) q=go; corpora=(go-cmp); pipeline=("$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/eval/go-pipeline.sh");;
  # Go's holdout corpus (not gated): spf13/pflag, the same pipeline with GO_CORPUS=pflag
  go-pflag) q=go-pflag; corpora=(pflag)
    pipeline=(env GO_CORPUS=pflag "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/eval/go-pipeline.sh");;
  # C: the project's own pipeline (eval/c-pipeline.sh: clang oracle, npm corpus), the kit's sampler/scorer
  c) q=c; corpora=(c-tree-sitter); pipeline=("$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/eval/c-pipeline.sh");;
  # C's holdout corpus (not gated): cmark-gfm's C library from its npm package, the same pipeline
  c-cmark) q=c-cmark; corpora=(c-cmark-gfm)
    pipeline=(env C_CORPUS=cmark-gfm "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/eval/c-pipeline.sh");;
  *) echo "usage: scripts/eval-lang.sh java|python|python-click|typescript|typescript-mobx|typescript-mobx-paths|go|go-pflag|c|c-cmark [--gate] [score args]" >&2; exit 2;;
esac
gate=0
if [ "${1:-}" = "--gate" ]; then gate=1; shift; fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="${VCR_EVAL_KIT:-$here/../shared/eval}"
export EVAL_CACHE="${EVAL_CACHE:-$HOME/.cache/vcr-eval}"
jar="${VCR_JAR:-$here/lsp-server/target/vcr.jar}"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -DskipTests package)
queries="$EVAL_CACHE/queries/$q.queries.jsonl"
if [ ! -f "$queries" ]; then
  # Java: java.base is only for throughput runs (FETCH_JDK=0); the name-match baseline step may fail (a kit
  # bug under paths with a dot-directory), after the queries are written.
  (cd "$kit" && "${pipeline[@]}" >&2) || true
fi
[ -f "$queries" ] || { echo "the kit's pipeline wrote no $queries" >&2; exit 1; }
if [ "$lang" = java ]; then out="${VCR_EVAL_OUT:-$here/target-eval}"; else out="${VCR_EVAL_OUT:-$here/target-eval-$lang}"; fi
mkdir -p "$out"
: > "$out/vcr.results.jsonl"
workspaces=()
# Issue 10's qualified, camel-hump and subsequence workspace-symbol queries, answered on the same index
# (drawn for Java, Python and TypeScript; not yet for Go).
wsq_lang=1
case "$lang" in go|go-pflag|c|c-cmark|python-click|typescript-mobx|typescript-mobx-paths) wsq_lang=0;; esac
wsq_queries=""
if [ "$wsq_lang" = 1 ]; then
  python3 "$here/scripts/workspace-symbol-queries.py" --lang "$lang" --write-queries "$out"
fi
for corpus in "${corpora[@]}"; do
  # A fresh index each run: stored links are this build's resolution, even when only resolver code changed.
  rm -rf "$out/index-$corpus"
  [ "$wsq_lang" = 1 ] && wsq_queries=",$out/$corpus.wsq.queries.jsonl"
  java ${VCR_EVAL_JAVA_OPTS:-} -cp "$jar" dev.vcr.lsp.eval.EvalRunner --queries "$queries$wsq_queries" \
    --root "$EVAL_CACHE/workspaces/$corpus" --corpus "$corpus" --out "$out/$corpus.results.jsonl" \
    --index-dir "$out/index-$corpus"
  cat "$out/$corpus.results.jsonl" >> "$out/vcr.results.jsonl"
  workspaces+=(--workspace "$corpus=$EVAL_CACHE/workspaces/$corpus")
done
# --explain needs the workspaces to print source lines; they are passed along whenever it is asked for.
extra=()
for a in "$@"; do [ "$a" = --explain ] && extra=("${workspaces[@]}"); done
"$kit/score" --queries "$queries" --results "$out/vcr.results.jsonl" --by corpus "$@" "${extra[@]}" \
  | tee "$out/score.txt"
wsq=(--lang "$lang" --results "$out")
[ "$gate" = 1 ] && wsq+=(--gate)
for a in "$@"; do [ "$a" = --explain ] && wsq+=(--explain); done
if [ "$wsq_lang" = 1 ]; then
  python3 "$here/scripts/workspace-symbol-queries.py" "${wsq[@]}" | tee "$out/wsq.txt" || true
else
  echo "workspace-symbol queries gate: passed (not drawn for $lang)" > "$out/wsq.txt"
fi
if [ "$gate" = 1 ]; then
  python3 - "$lang" "$out/score.txt" <<'PY'
import json, sys
lang, score = sys.argv[1], sys.argv[2]
summary = json.loads([l for l in open(score) if l.startswith("{")][-1])["kinds"]
# (precision, recall) floors per kind, and a workspace-symbol hit@1 floor.
floors = {
    # issue 5's targets (hit@1: a regression floor, below its target)
    "java": ({"references": (0.90, 0.98), "definition": (0.95, 0.95), "incomingCalls": (0.90, 0.98),
              "outgoingCalls": (0.90, 0.95)}, 0.65),
    # Issue 12's targets are refs and incoming 0.90 / 0.95, definition 0.90 / 0.95, outgoing 0.85 / 0.90.
    # Python and TypeScript are above them on the kit's corpora; their floors are the figures measured when
    # they were set (scripts/eval-lang.sh python|typescript, README "Accuracy"), so any loss fails.
    "python": ({"references": (0.984, 0.979), "definition": (0.970, 0.977), "incomingCalls": (0.975, 0.968),
                "outgoingCalls": (0.917, 0.957)}, 0.772),
    # TypeScript's references floor moved once, with a measured trade (session 14): an undecided member
    # (`x.name`, `x` untyped) is taken by name only when one declaration fits, as in Python: here precision
    # 0.962 -> 0.982 and recall 0.969 -> 0.957; on the mobx holdout references 90.1/97.0 -> 97.1/95.7, and
    # incoming/outgoing calls' precision 79.1 -> 93.7 and 80.5 -> 98.5 (README "Accuracy").
    # Session 16 (object-literal argument keys, destructuring keys) raised references recall and definition.
    "typescript": ({"references": (0.981, 0.966), "definition": (0.912, 0.979), "incomingCalls": (0.977, 0.983),
                    "outgoingCalls": (0.985, 1.0)}, 0.790),
    # mobx with its relative imports rewritten to tsconfig path aliases (eval/ts-pipeline.sh, TS_VARIANT=paths):
    # gates the reading of tsconfig baseUrl and paths on real code, at the figures measured when it was set
    # (session 17; the build before reading tsconfig scored 88.9 / 54.8, 95.8 / 45.1, 92.9 / 18.2, 83.7 / 23.1).
    "typescript-mobx-paths": ({"references": (0.983, 0.986), "definition": (0.973, 0.960),
                               "incomingCalls": (0.972, 0.975), "outgoingCalls": (0.953, 0.916)}, 0.736),
    # Go (go/types oracle, eval/go-pipeline.sh, corpus go-cmp): the figures measured when the gate was set,
    # all above issue 12's targets (README "Accuracy"); go-pflag, the holdout corpus, is measured, not gated.
    "go": ({"references": (0.997, 0.991), "definition": (1.0, 1.0), "incomingCalls": (1.0, 1.0),
            "outgoingCalls": (1.0, 1.0)}, 0.706),
    # C (clang oracle, eval/c-pipeline.sh, corpus c-tree-sitter): the figures measured when the gate was set,
    # all above issue 12's targets since lone macro lines in struct bodies are blanked (README "Accuracy");
    # c-cmark, the holdout corpus, is measured, not gated.
    "c": ({"references": (0.957, 0.995), "definition": (0.931, 0.957), "incomingCalls": (0.997, 1.0),
           "outgoingCalls": (0.875, 0.950)}, 0.708),
}
if lang not in floors:
    print(f"accuracy gate ({lang}): no floors (a holdout corpus is measured, not gated)")
    sys.exit(2)
targets, hit1 = floors[lang]
failed = []
for kind, (p, r) in targets.items():
    k = summary[kind]
    if k["precision"] < p or k["recall"] < r:
        failed.append(f"{kind} P {k['precision']:.3f} R {k['recall']:.3f} (needs {p} / {r})")
if summary["workspaceSymbol"]["hit@1"] < hit1:
    failed.append(f"workspaceSymbol hit@1 {summary['workspaceSymbol']['hit@1']:.3f} (floor {hit1})")
print(f"accuracy gate ({lang}): " + ("FAILED: " + "; ".join(failed) if failed else "passed"))
sys.exit(1 if failed else 0)
PY
  # issue 10's workspace-symbol queries (scripts/workspace-symbol-queries.py, its floors)
  grep -q '^workspace-symbol queries gate: passed' "$out/wsq.txt"
fi
