#!/usr/bin/env bash
# A kill -9 campaign outside the suite (issue 13): CrashRecoveryTest with many more kills. A child JVM
# cycles one index through cold builds (a new generation: parse, merge of the name tables, linking, CURRENT
# swap) and in-place refreshes (WAL batches); it is killed with SIGKILL at seeded moments, half of them
# timed to land inside a phase. After each kill the index is opened in the test's JVM, refreshed once, and
# must equal a clean index of the same files (hash every time, every answer every third kill).
#
#   scripts/kill9-campaign.sh [KILLS] [SEED]     default 120 kills, seed 20240917
#
# Prints the test's per-kill lines (phase at the kill, repair on open, mode and files re-parsed by the
# recovering refresh) and a summary. Needs the kernel built (mvn -o -q -pl kernel test-compile).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kills="${1:-120}"
seed="${2:-20240917}"
out="$(mktemp -t vcr-kill9-XXXXXX.log)"
echo "kill -9 campaign: $kills kills, seed $seed; log $out" >&2
set +e
(cd "$here" && mvn -o -q -pl kernel test -Dtest=CrashRecoveryTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dvcr.crash.kills="$kills" -Dvcr.crash.seed="$seed" -Dvcr.crash.phases=writing,indexing,merging,linking \
  -Dvcr.crash.phaseWaitMillis=900000 \
  -Dsurefire.timeout=0 >"$out" 2>&1)
status=$?
set -e
grep '^\[crash\]' "$out" || true
# Repair work per trial: files re-parsed by the refresh after each kill.
grep -o 'parsed [0-9]*$' "$out" | awk '{print $2}' | sort -n | awk '{a[NR]=$1; s+=$1}
  END { if (NR) printf "re-parsed per trial: %d trials, mean %.1f, median %d, max %d files\n", NR, s/NR, a[int((NR+1)/2)], a[NR] }'
grep -o ' -> [a-z]*' "$out" | sort | uniq -c | sed 's/^/recovering refresh mode:/'
if [ $status -ne 0 ]; then
  echo "FAILED (exit $status); see $out" >&2
  grep -m5 -A5 'FAIL\|AssertionFailed' "$out" >&2 || true
fi
exit $status
