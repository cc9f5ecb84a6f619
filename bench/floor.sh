#!/usr/bin/env bash
# The floor under a JVM tool on this machine (issue 8, BENCHMARKS.md "The floor"): interleaved runs of
#   cat FILE > /dev/null                                 the page-cache copy alone
#   java ... FloorWalk                                   a JVM's bare start-up (prints one line)
#   java ... FloorWalk FILE                              read FILE through a 256 KiB buffer and walk its records
#   bin/proxyaudit flows --format json FILE > /dev/null  the real thing
#   tshark's SNI extraction (TSHARK=1, one run per round: ~30 s each), so 50x is judged within the same batch
# with the launcher's JVM settings (C1 only, serial GC, -Xmn32m, THP, -Xmx512m). Prints the median and the
# range of each, in ms. FILE must be a classic little-endian pcap (FloorWalk reads nothing else).
# usage: bench/floor.sh FILE        env: RUNS=9 TSHARK=0 OUT=/tmp/proxyaudit-bench
set -euo pipefail
FILE=${1:?usage: bench/floor.sh FILE}
HERE=$(cd "$(dirname "$0")" && pwd)
RUNS=${RUNS:-9}; TSHARK=${TSHARK:-0}; OUT=${OUT:-/tmp/proxyaudit-bench}
mkdir -p "$OUT/floor"
javac -d "$OUT/floor" "$HERE/FloorWalk.java"
jvm=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn32m -XX:-UsePerfData -Xshare:auto -XX:+UseTransparentHugePages
     -Xmx512m -Xlog:disable -cp "$OUT/floor" FloorWalk)
# standard error goes to a file: tshark warns about running as root on every run
ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>> "$OUT/floor/stderr.txt"; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
"${jvm[@]}" "$FILE" # the answer, once
for ((i = 1; i <= RUNS; i++)); do
    echo "cat $(ms cat "$FILE")"
    echo "jvm-start $(ms "${jvm[@]}")"
    echo "jvm-read-walk $(ms "${jvm[@]}" "$FILE")"
    echo "proxyaudit-flows $(PROXYAUDIT_JAVA_OPTS=-Xmx512m ms "$HERE/../bin/proxyaudit" flows --format json "$FILE")"
    if [ "$TSHARK" = 1 ]; then
        echo "tshark-sni $(ms tshark -n -r "$FILE" -Y 'tls.handshake.type==1' -T fields -e tls.handshake.extensions_server_name)"
    fi
done | sort -k1,1 -k2n | awk '{v[$1, ++c[$1]] = $2} END {for (k in c) printf "%-17s median %5d ms  range %d-%d (%d runs)\n", k, v[k, int((c[k] + 1) / 2)], v[k, 1], v[k, c[k]], c[k]}' | sort
