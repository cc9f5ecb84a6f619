#!/usr/bin/env bash
# Where the time goes: runs one proxyaudit command under Java Flight Recorder (the 'profile' settings:
# execution samples every 10-20 ms, allocation samples, GC) and prints the hottest methods by self time,
# the hottest call stacks (top 3 frames), and the biggest allocation sites.
#
# usage: bench/profile.sh FILE [COMMAND ARGS...]       (default command: flows --format json)
# env:   XMX=512m JAR=target/proxyaudit.jar OUT=/tmp/proxyaudit-bench TOP=25
set -euo pipefail
FILE=${1:?usage: bench/profile.sh FILE [COMMAND ARGS...]}; shift
[ $# -gt 0 ] || set -- flows --format json
HERE=$(cd "$(dirname "$0")" && pwd)
XMX=${XMX:-512m}; JAR=${JAR:-target/proxyaudit.jar}; OUT=${OUT:-/tmp/proxyaudit-bench}; TOP=${TOP:-25}
mkdir -p "$OUT"
REC="$OUT/$(basename "$FILE").$1.jfr"
# through the launcher, so the profile is of the JVM settings users get (C1 only, serial GC, ...)
PROXYAUDIT_JAR="$JAR" PROXYAUDIT_JAVA_OPTS="-Xmx$XMX -XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=1ms,jdk.NativeMethodSample#period=5ms,filename=$REC,dumponexit=true" \
     "$HERE/../bin/proxyaudit" "$@" "$FILE" > /dev/null 2> "$OUT/profile.stderr" || echo "profile: command exited $?" >&2
jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample "$REC" > "$REC.samples.json"
jfr print --json --events jdk.ObjectAllocationSample "$REC" > "$REC.alloc.json"
python3 "$HERE/jfr-top.py" --top "$TOP" "$REC.samples.json" "$REC.alloc.json"
