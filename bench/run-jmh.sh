#!/usr/bin/env bash
# JMH micro-benchmarks of the hot path (issue 8): record framing, PacketDecoder.decode, stream-head
# reassembly (and flow lookup when present). Compiles with the 'bench' Maven profile and runs JMH.
#
# usage: bench/run-jmh.sh [JMH args...]      e.g.  bench/run-jmh.sh CaptureFraming -f 1 -wi 2 -i 3
#        bench/run-jmh.sh -l                 lists the benchmarks
# env:   MVN_OPTS=-o (offline by default)
set -euo pipefail
cd "$(dirname "$0")/.."
MVN_OPTS=${MVN_OPTS:--o}
mvn -B -q $MVN_OPTS -Pbench test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
exec java -cp "$CP" org.openjdk.jmh.Main "$@"
