#!/usr/bin/env bash
# Go accuracy corpus, oracle and queries (issue 12), the Go counterpart of the kit's run-pipeline.sh:
# installs the Go toolchain and the corpus from Debian, lays out the workspace, runs the project's go/types
# oracle (eval/go-oracle), then the kit's check-oracle, sample-queries, name-match baseline and score.
#   EVAL_CACHE=DIR N=200 SEED=1 eval/go-pipeline.sh
# Corpus go-cmp: github.com/google/go-cmp 0.5.9 from Debian 12's golang-github-google-go-cmp-dev 0.5.9-1
# (pure Go, standard library only): its non-test .go files that match the default build context, and go.mod.
# Leaves $EVAL_CACHE/workspaces/go-cmp, $EVAL_CACHE/oracle/go-cmp, $EVAL_CACHE/queries/go.queries.jsonl,
# $EVAL_CACHE/results/go.name-match.{jsonl,score.txt}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kit="${VCR_EVAL_KIT:-$here/../../shared/eval}"
export EVAL_CACHE="${EVAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vcr-eval}"
C="$EVAL_CACHE"; N="${N:-200}"; SEED="${SEED:-1}"
# GO_CORPUS=pflag: the holdout corpus, github.com/spf13/pflag from Debian 12's golang-github-spf13-pflag-dev
# 1.0.6~git20210604-d5e0c0615ace-1 (pure Go, standard library only), queries in go-pflag.queries.jsonl.
case "${GO_CORPUS:-go-cmp}" in
  go-cmp) corpus=go-cmp pkg=golang-github-google-go-cmp-dev want=0.5.9-1 q=go
    src=/usr/share/gocode/src/github.com/google/go-cmp;;
  pflag) corpus=pflag pkg=golang-github-spf13-pflag-dev want=1.0.6~git20210604-d5e0c0615ace-1 q=go-pflag
    src=/usr/share/gocode/src/github.com/spf13/pflag;;
  *) echo "go-pipeline: unknown GO_CORPUS ${GO_CORPUS}" >&2; exit 2;;
esac

missing=()
command -v go >/dev/null || missing+=(golang-go)
[ -f "$src/go.mod" ] || missing+=("$pkg")
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "go-pipeline: needs the Debian packages ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "[go] apt-get install ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; }
fi
have="$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || true)"
[ "$have" = "$want" ] || echo "[go] warning: $pkg is $have, the measured figures are for $want" >&2

ws="$C/workspaces/$corpus"
rm -rf "$ws"; mkdir -p "$ws"
cp "$src/go.mod" "$ws/"
(cd "$src" && find . -name '*.go' ! -name '*_test.go' ! -path '*/testdata/*' -print0) \
  | (cd "$src" && xargs -0 cp --parents -t "$ws")

mkdir -p "$C/bin" "$C/queries" "$C/results"
(cd "$here/go-oracle" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -o "$C/bin/go-oracle" .)
"$C/bin/go-oracle" --root "$ws" --out "$C/oracle/$corpus"
# Files the build context leaves out (build tags such as purego) are not part of the workspace either.
python3 - "$ws" "$C/oracle/$corpus/symbols.jsonl" <<'PY'
import json, os, sys
ws, syms = sys.argv[1], sys.argv[2]
kept = {json.loads(l)["path"] for l in open(syms) if l.strip()}
for dp, _, names in os.walk(ws):
    for n in names:
        rel = os.path.relpath(os.path.join(dp, n), ws).replace(os.sep, "/")
        if rel.endswith(".go") and rel not in kept:
            print(f"[go] not in the build: {rel}", file=sys.stderr); os.remove(os.path.join(dp, n))
PY
"$kit/check-oracle" --oracle "$C/oracle/$corpus" --workspace "$ws"
"$kit/sample-queries" --oracle "$corpus=$C/oracle/$corpus" --n "$N" --seed "$SEED" --out "$C/queries/$q.queries.jsonl"
# The kit's name-match baseline lexes only .java/.py/.ts files; eval/name-match-ext.py runs it unchanged with .go
# added to its extensions (Go files get its Java lexer: // and /* */ comments, quoted strings; raw `strings` are lexed as code).
python3 "$here/name-match-ext.py" "$kit/name-match-baseline" .go --queries "$C/queries/$q.queries.jsonl" --workspace "$corpus=$ws" \
  --symbols "$corpus=$C/oracle/$corpus/symbols.jsonl" --out "$C/results/$q.name-match.jsonl"
"$kit/score" --queries "$C/queries/$q.queries.jsonl" --results "$C/results/$q.name-match.jsonl" \
  --label $q-name-match-baseline --by corpus | tee "$C/results/$q.name-match.score.txt"
