#!/usr/bin/env bash
# CPU profile by thread with async-profiler (a bench tool only, fetched from Maven Central on first use:
# tools.profiler:async-profiler): where each thread's CPU time goes, and the pipeline thread's time split by
# stage (reader, decoder, flow table per packet, application parsers, output). Unlike JFR (bench/profile.sh)
# it sees JVM start-up, the JIT compiler threads, native code and the kernel.
#
# usage: bench/profile-cpu.sh FILE [COMMAND ARGS...]      (default command: flows --format json)
# env:   OUT=/tmp/proxyaudit-bench INTERVAL_NS=1000000 XMX=512m AP_VERSION=4.1 RUNS=1 (profiles summed)
# perf_events needs root or kernel.perf_event_paranoid <= 1; otherwise the itimer event is used (coarser).
set -euo pipefail
FILE=${1:?usage: bench/profile-cpu.sh FILE [COMMAND ARGS...]}; shift
[ $# -gt 0 ] || set -- flows --format json
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/proxyaudit-bench}; INTERVAL_NS=${INTERVAL_NS:-1000000}; XMX=${XMX:-512m}
AP_VERSION=${AP_VERSION:-4.1}; RUNS=${RUNS:-1}
AP="$OUT/async-profiler-$AP_VERSION"
LIB="$AP/linux-x64/libasyncProfiler.so"
if [ ! -f "$LIB" ]; then
    mkdir -p "$AP"
    mvn -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$AP_VERSION" -DoutputDirectory="$AP"
    (cd "$AP" && unzip -o -q "async-profiler-$AP_VERSION.jar" 'linux-x64/*')
fi
event=cpu
if [ "$(id -u)" != 0 ] && [ "$(cat /proc/sys/kernel/perf_event_paranoid)" -gt 1 ]; then
    event=itimer
fi
files=()
for ((i = 1; i <= RUNS; i++)); do
    f="$OUT/$(basename "$FILE").$1.cpu$i.collapsed"
    PROXYAUDIT_JAVA_OPTS="-Xmx$XMX -agentpath:$LIB=start,event=$event,interval=$INTERVAL_NS,file=$f,collapsed,threads" \
        "$HERE/../bin/proxyaudit" "$@" "$FILE" > /dev/null 2> "$OUT/profile-cpu.stderr" || echo "profile: command exited $?" >&2
    files+=("$f")
done
python3 "$HERE/cpu-top.py" --interval-ns "$INTERVAL_NS" --event "$event" "${files[@]}"
