#!/usr/bin/env bash
# A kill -9 campaign outside the suite (issue 13), in two parts.
#
# 1. Kernel kills: CrashRecoveryTest with many more kills. A child JVM cycles one index through cold builds
#    (a new generation: parse, merge of the name tables, linking, CURRENT swap) and in-place refreshes (WAL
#    batches); it is killed with SIGKILL at seeded moments, half of them timed to land inside a phase. After
#    each kill the index is opened in the test's JVM, refreshed once, and must equal a clean index of the
#    same files (hash every time, every answer every third kill).
# 2. Daemon trials: DaemonKillCampaignTest. An editor's `vcr lsp --stdio` starts the workspace's daemon
#    (java.base's java/util/concurrent, 91 files), then opens, edits and saves files (writing them to disk,
#    didSave, didChangeWatchedFiles); the daemon is killed with SIGKILL while edits stream in, just after a
#    save, or while a restarted daemon repairs. After each kill a new editor starts a new daemon, whose index
#    hash must equal a clean index of the same files and whose `vcr refs` answers must be identical.
#
#   scripts/kill9-campaign.sh [KILLS] [SEED] [DAEMON_TRIALS]   default 120 kernel kills, seed 20240917,
#                                                              40 daemon trials (0 skips a part)
#
# Prints each trial's line (phase at the kill, repair on open, mode and files re-parsed by the recovering
# refresh or the restarted daemon's first run) and a summary per part. Builds what it needs (Maven, offline).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kills="${1:-120}"
seed="${2:-20240917}"
daemon_trials="${3:-40}"
status=0

# Repair work per trial from lines ending in "parsed N" (kernel) or holding "first run: N parsed" (daemon).
summary() {
  awk '{print $1}' | sort -n | awk -v what="$1" '{a[NR]=$1; s+=$1}
    END { if (NR) printf "%s re-parsed per trial: %d trials, mean %.1f, median %d, max %d files\n", what, NR, s/NR, a[int((NR+1)/2)], a[NR] }'
}

if [ "$kills" -gt 0 ]; then
  out="$(mktemp -t vcr-kill9-XXXXXX.log)"
  echo "kill -9 campaign, kernel: $kills kills, seed $seed; log $out" >&2
  set +e
  (cd "$here" && mvn -o -q -pl kernel test -Dtest=CrashRecoveryTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dvcr.crash.kills="$kills" -Dvcr.crash.seed="$seed" -Dvcr.crash.phases=writing,indexing,merging,linking \
    -Dvcr.crash.phaseWaitMillis=900000 \
    -Dsurefire.timeout=0 >"$out" 2>&1)
  part=$?
  set -e
  grep '^\[crash\]' "$out" || true
  grep -o 'parsed [0-9]*$' "$out" | awk '{print $2}' | summary "kernel:"
  grep -o ' -> [a-z]*' "$out" | sort | uniq -c | sed 's/^/recovering refresh mode:/'
  if [ $part -ne 0 ]; then
    status=$part
    echo "kernel part FAILED (exit $part); see $out" >&2
    grep -m5 -A5 'FAIL\|AssertionFailed' "$out" >&2 || true
  fi
fi

if [ "$daemon_trials" -gt 0 ]; then
  out="$(mktemp -t vcr-kill9-daemon-XXXXXX.log)"
  echo "kill -9 campaign, daemon under LSP edits: $daemon_trials trials, seed $seed; log $out" >&2
  set +e
  (cd "$here" && mvn -o -q -pl lsp-server -am test -Dtest=DaemonKillCampaignTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dvcr.kill9.daemonTrials="$daemon_trials" -Dvcr.kill9.seed="$seed" -Dsurefire.timeout=0 >"$out" 2>&1)
  part=$?
  set -e
  grep '^\[daemon-kill\]' "$out" || true
  grep -o 'first run: [0-9]* parsed' "$out" | awk '{print $3}' | summary "daemon:"
  grep -c 'hash equal; refs identical' "$out" | sed 's/^/daemon: restarts equal to a clean index (hash and refs): /'
  if [ $part -ne 0 ]; then
    status=$part
    echo "daemon part FAILED (exit $part); see $out" >&2
    grep -m5 -A5 'FAIL\|AssertionFailed' "$out" >&2 || true
  fi
fi
exit $status
