#!/usr/bin/env bash
# Start-up of `analyze` without --db, this build against another jar (default: /work/main's), interleaved
# A B A B ... RUNS times each on one small sample; prints each run's wall time and the medians (issue 20: the
# history database's SQLite must cost nothing to a command that does not use it). Also lists whether any
# org.sqlite class is loaded without --db.
#   bench/history-startup.sh [OTHER_JAR]   RUNS=15
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
a=$here/target/proxyaudit.jar
b=${1:-/work/main/target/proxyaudit.jar}
runs=${RUNS:-15}
cap=$here/samples/a-http-proxy-only/capture.pcap
env=$here/samples/a-http-proxy-only/capture.env
one() {
    local s e
    s=$(date +%s%N)
    PROXYAUDIT_JAR=$1 "$here/bin/proxyaudit" analyze "$cap" --no-inherit-env --env-file "$env" --fail-on none >/dev/null
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
}
ta=(); tb=()
for i in $(seq "$runs"); do
    ta+=("$(one "$a")")
    tb+=("$(one "$b")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
echo "this build ($a, $(stat -c %s "$a") bytes): ${ta[*]} ms; median $(median "${ta[@]}") ms"
echo "other ($b, $(stat -c %s "$b") bytes): ${tb[*]} ms; median $(median "${tb[@]}") ms"
n=$(java -Xlog:class+load=info:stdout -jar "$a" analyze "$cap" \
    --no-inherit-env --env-file "$env" --fail-on none | grep -c 'org\.sqlite' || true)
echo "org.sqlite classes loaded by analyze without --db: $n"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
