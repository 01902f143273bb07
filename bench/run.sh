#!/usr/bin/env bash
# Builds the benchmark jar (kernel, lsp-server and bench modules) and runs a benchmark over java.base:
#   bench/run.sh [ARGS]          the index benchmark (cold/warm/one-file index, ctags comparison)
#   bench/run.sh refresh --dir DIR [--file REL] [--index-dir DIR] [--rounds N]  what a running daemon
#                                pays per saved file: refresh after a declaration is added, then restored
#   bench/run.sh memory [--cycles N]  session memory: RSS and heap with documents open and after each session
#   bench/run.sh extract [--passes N]  extraction MB/s over java.base: tree-sitter-ng vs the native
#                                fast path (native/build.sh), 1 and 2 threads
#   bench/run.sh latency [ARGS]  the LSP latency benchmark (keystroke -> fresh references, references,
#                                call hierarchy, workspace symbol; p50/p90/p99/max)
#   bench/run.sh load [ARGS]     load: 20 concurrent sessions x 50 mixed requests with edits on one server,
#                                p50/p99 per kind; then documentSymbol from 20 sessions during a cold index
#                                ([--src DIR] [--sessions N] [--requests N] [--seed S] [--skip-cold]
#                                [--cold-only]: the cold phase alone; [--think-ms M]: each session pauses M ms
#                                on average before a request;
#                                [--warmup N]: sessions of N requests first, not recorded; [--daemon]: the
#                                server in a daemon process of its own, as editors get it; [--cold-rounds N]:
#                                the cold phase N times against fresh servers, p99 per round and median)
#   bench/run.sh scale [ARGS]    the scale benchmark against ctags on java.base and Linux 6.1 (installs and
#                                unpacks the sources itself; see bench/scale.sh and bench/scale.py):
#                                [--corpora java.base,linux-10k,linux-30k,linux-full] [--timeout S]
#                                [--xmx1g CORPORA] [--no-threads] [--results FILE]
#   bench/run.sh profile [--event cpu|alloc|wall|itimer] [--out FILE] [--top N] -- VCR_ARGS...
#                                one bin/vcr command under async-profiler (fetched through Maven once):
#                                samples by thread, by phase, and the Vcr methods on the stack
# Environment: VCR_BENCH_DIR (cache, default ~/.cache/vcr-bench), VCR_BENCH_SRC_ZIP (a JDK src.zip),
# VCR_BENCH_JAVA_OPTS (extra JVM options), VCR_BENCH_DAEMON_OPTS (extra JVM options of the daemon that
# `--daemon` starts, not the benchmark's), VCR_BUILD_SUFFIX (Maven build dir suffix, default -bench),
# VCR_MVN_OPTS (extra Maven options, e.g. -o). Arguments go to the benchmark: index [--src-zip PATH]
# [--threads N] [--keep-index]; latency [--src-zip PATH | --dir DIR --ext EXT] [--n N] [--seed S] [--warmup N] [--warm-files F]
# [--keep-index | --index-dir DIR] [--daemon] (--dir: another tree, e.g. --dir ~/.cache/vcr-bench/linux-corpora/linux-full --ext c).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
suffix="${VCR_BUILD_SUFFIX:--bench}"
main="dev.vcr.kernel.bench.IndexBenchmark"
if [ "${1:-}" = "scale" ]; then
  shift
  exec bash "$here/bench/scale.sh" "$@"
fi
if [ "${1:-}" = "profile" ]; then
  shift
  exec bash "$here/bench/profile.sh" "$@"
fi
if [ "${1:-}" = "latency" ]; then
  main="dev.vcr.bench.LatencyBenchmark"
  shift
elif [ "${1:-}" = "extract" ]; then
  main="dev.vcr.bench.ExtractBenchmark"
  shift
elif [ "${1:-}" = "load" ]; then
  main="dev.vcr.bench.LoadBenchmark"
  shift
elif [ "${1:-}" = "refresh" ]; then
  main="dev.vcr.kernel.bench.RefreshBenchmark"
  shift
elif [ "${1:-}" = "memory" ]; then
  main="dev.vcr.bench.SessionMemoryBenchmark"
  shift
fi
# shellcheck disable=SC2086
(cd "$here" && mvn -B -q ${VCR_MVN_OPTS:-} -DskipTests -Dvcr.buildSuffix="$suffix" -pl bench -am package >&2)
java_bin="java"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_bin="$JAVA_HOME/bin/java"; fi
# The -O2 native fast path (native/build.sh builds it once; VCR_NATIVE=off measures without it).
native_opts=()
if [ "${VCR_NATIVE:-}" != off ]; then
  if lib="$("$here/native/build.sh")"; then native_opts=("-Dvcr.native=$lib"); fi
fi
# The collector and heap sizing every Vcr server runs with (bin/vcr, DaemonStarter.jvmOptions), unless
# VCR_BENCH_JAVA_OPTS picks its own: an in-process benchmark on the JVM's default G1 measured a server no
# user runs (workspace/symbol's client-observed p90 was 10 ms under G1, 3-5 ms under this, same server work).
gc_opts=()
case " ${VCR_BENCH_JAVA_OPTS:-} " in
  *" -XX:+Use"*GC*) ;;
  *) gc_opts+=(-XX:+UseSerialGC) ;;
esac
case " ${VCR_BENCH_JAVA_OPTS:-} " in
  *" -XX:+Use"*GC*|*" -Xmn"*|*"NewSize="*|*" -Xms"*) ;;
  *) gc_opts+=(-Xms64m -Xmn48m) ;;
esac
# shellcheck disable=SC2086
exec "$java_bin" "${native_opts[@]}" -Xss4m "${gc_opts[@]}" ${VCR_BENCH_JAVA_OPTS:-} -cp "$here/bench/target$suffix/vcr-bench.jar" "$main" "$@"
