#!/usr/bin/env bash
# Python holdout corpus, oracle and queries (issue 12), measured beside the kit's py-jinja2-markupsafe and
# not gated: the kit's jedi oracle (python_oracle.py), check-oracle, sample-queries, name-match baseline and
# score, unchanged, on a corpus the Python rules were not written against.
#   EVAL_CACHE=DIR N=200 SEED=1 eval/py-pipeline.sh
# Corpus py-click: the click package 8.1.3 from Debian 12's python3-click 8.1.3-2 (pure Python, type hints,
# standard library only), its .py files as installed under /usr/lib/python3/dist-packages/click.
# Leaves $EVAL_CACHE/workspaces/py-click, $EVAL_CACHE/oracle/py-click, $EVAL_CACHE/queries/py-click.queries.jsonl,
# $EVAL_CACHE/results/py-click.name-match.{jsonl,score.txt}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kit="${VCR_EVAL_KIT:-$here/../../shared/eval}"
export EVAL_CACHE="${EVAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vcr-eval}"
C="$EVAL_CACHE"; N="${N:-200}"; SEED="${SEED:-1}"
corpus=py-click pkg=python3-click want=8.1.3-2 q=py-click src=/usr/lib/python3/dist-packages/click

missing=()
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import jedi' 2>/dev/null || missing+=(python3-jedi)
[ -f "$src/core.py" ] || missing+=("$pkg")
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "py-pipeline: needs the Debian packages ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "[py] apt-get install ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; }
fi
have="$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || true)"
[ "$have" = "$want" ] || echo "[py] warning: $pkg is $have, the measured figures are for $want" >&2

ws="$C/workspaces/$corpus"
rm -rf "$ws"; mkdir -p "$ws/click"
cp "$src"/*.py "$ws/click/"
mkdir -p "$C/queries" "$C/results"
# Debian's jedi is installed for the system interpreter, whatever python3 comes first on PATH
/usr/bin/python3 "$kit/python_oracle.py" --root "$ws" --out "$C/oracle/$corpus"
"$kit/check-oracle" --oracle "$C/oracle/$corpus" --workspace "$ws"
"$kit/sample-queries" --oracle "$corpus=$C/oracle/$corpus" --n "$N" --seed "$SEED" --out "$C/queries/$q.queries.jsonl"
"$kit/name-match-baseline" --queries "$C/queries/$q.queries.jsonl" --workspace "$corpus=$ws" \
  --symbols "$corpus=$C/oracle/$corpus/symbols.jsonl" --out "$C/results/$q.name-match.jsonl"
"$kit/score" --queries "$C/queries/$q.queries.jsonl" --results "$C/results/$q.name-match.jsonl" \
  --label $q-name-match-baseline --by corpus | tee "$C/results/$q.name-match.score.txt"
