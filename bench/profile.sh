#!/usr/bin/env bash
# Profiles one Vcr command with async-profiler and prints where its CPU (or allocation) goes, by thread
# and by the Vcr frames it passes through:
#   bench/run.sh profile [--event cpu|alloc|wall|itimer] [--out FILE] [--top N] -- VCR_ARGS...
#   e.g. bench/run.sh profile -- index ~/.cache/vcr-bench/java.base-17 --index-dir /tmp/jb
# async-profiler (tools.profiler:async-profiler, a jar with the Linux agent inside) comes from Maven's
# repository the first time and is unpacked under the bench cache; nothing of it is part of Vcr. The
# command runs through bin/vcr in this process (-Dvcr.childBuild=false: a first index of a large tree would
# otherwise be built by a child the agent is not in; that child runs both JIT tiers, so for such a tree
# add VCR_JAVA_OPTS=-XX:TieredStopAtLevel=4 to profile what it runs). `cpu` needs perf events; where the
# kernel refuses them, `itimer` samples the process's CPU time instead. Samples: 1 per ms of CPU (cpu,
# itimer), per 512 KB allocated (alloc), per 10 ms per thread (wall).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
event=cpu
out=""
top=25
while [ $# -gt 0 ]; do
  case "$1" in
    --event) event="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --top) top="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "bench profile: unknown option $1 (the Vcr command goes after --)" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: bench/run.sh profile [--event cpu|alloc|wall|itimer] [--out FILE] [--top N] -- VCR_ARGS..." >&2; exit 2; }
version=4.0
bench_dir="${VCR_BENCH_DIR:-$HOME/.cache/vcr-bench}"
agent_dir="$bench_dir/async-profiler-$version"
agent="$agent_dir/linux-x64/libasyncProfiler.so"
if [ ! -f "$agent" ]; then
  jar="${VCR_M2_REPO:-$HOME/.m2/repository}/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar"
  if [ ! -f "$jar" ]; then
    echo "bench profile: fetching async-profiler $version through Maven (once)" >&2
    mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version:jar:linux-x64" >&2
  fi
  [ -f "$jar" ] || { echo "bench profile: $jar not found after fetching (set VCR_M2_REPO to Maven's local repository)" >&2; exit 2; }
  mkdir -p "$agent_dir"
  (cd "$agent_dir" && unzip -q -o "$jar" 'linux-x64/*')
fi
[ -n "$out" ] || out="$(mktemp "${TMPDIR:-/tmp}/vcr-profile.XXXXXX.collapsed")"
opts="-agentpath:$agent=start,event=$event,threads,file=$out,collapsed -Dvcr.childBuild=false"
case "$event" in cpu|itimer) opts="${opts/event=$event/event=$event,interval=1ms}" ;; esac
VCR_JAVA_OPTS="${VCR_JAVA_OPTS:-} $opts" "$here/bin/vcr" "$@"
python3 "$here/bench/profile.py" "$out" "$event" "$top"
echo "collapsed stacks (for a flame graph): $out" >&2
