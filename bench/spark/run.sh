#!/usr/bin/env bash
# The Spark job against batch on this machine (issue 21; BENCHMARKS.md "Spark job"): the same captures through
#   bin/proxyaudit batch DIR         (threads = cores; it also writes one HTML report per capture)
#   bin/proxyaudit-spark DIR         (embedded, local[*]; Spark's event log kept for the task times)
# RUNS times each, alternating, under /usr/bin/time -v (wall time, peak RSS of the process and its children),
# then bench/spark/tasks.py on each Spark run's event log: tasks, captures and time per task (the skew).
#
# usage: bench/spark/run.sh DIR LABEL      (DIR: captures; LABEL names the result files)
# env:   RUNS=3 OUT=/work/benchdata-spark/results CONFIG="--no-inherit-env --env HTTPS_PROXY=http://10.20.0.10:3128
#        --env HTTP_PROXY=http://10.20.0.10:3128" (the synthetic runner's proxy)
set -euo pipefail
DIR=${1:?usage: bench/spark/run.sh DIR LABEL}
LABEL=${2:?usage: bench/spark/run.sh DIR LABEL}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-3}
OUT=${OUT:-/work/benchdata-spark/results}
CONFIG=${CONFIG:---no-inherit-env --env HTTPS_PROXY=http://10.20.0.10:3128 --env HTTP_PROXY=http://10.20.0.10:3128}
mkdir -p "$OUT"
RESULTS=$OUT/$LABEL.tsv
printf 'tool\trun\twall_s\tmax_rss_kb\texit\n' > "$RESULTS"
measure() { # tool run command...
  local tool=$1 run=$2; shift 2
  local log=$OUT/$LABEL.$tool.$run.time
  set +e
  /usr/bin/time -v "$@" > "$OUT/$LABEL.$tool.$run.out" 2> "$log"
  local code=$?
  set -e
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$rss" "$code" | tee -a "$RESULTS"
}
for run in $(seq 1 "$RUNS"); do
  rm -rf "$OUT/$LABEL.batch-out" "$OUT/$LABEL.spark-out" "$OUT/$LABEL.events.$run"
  mkdir -p "$OUT/$LABEL.events.$run"
  # shellcheck disable=SC2086
  measure batch "$run" "$HERE/bin/proxyaudit" batch --quiet --out "$OUT/$LABEL.batch-out" $CONFIG "$DIR"
  # shellcheck disable=SC2086
  PROXYAUDIT_SPARK_JAVA_OPTS="-Dspark.eventLog.enabled=true -Dspark.eventLog.compress=false -Dspark.eventLog.dir=$OUT/$LABEL.events.$run ${SPARK_JAVA_OPTS:-}" \
    measure spark "$run" "$HERE/bin/proxyaudit-spark" --quiet --out "$OUT/$LABEL.spark-out" $CONFIG "$DIR"
  python3 "$HERE/bench/spark/tasks.py" "$OUT/$LABEL.events.$run"/* > "$OUT/$LABEL.tasks.$run.txt" || true
done
# the two tools' totals must agree
python3 - "$OUT/$LABEL.batch-out/summary.json" "$OUT/$LABEL.spark-out/summary.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["totals"]; b = json.load(open(sys.argv[2]))["totals"]
print("totals equal" if a == b else "TOTALS DIFFER: %s" % {k: (a[k], b.get(k)) for k in a if a[k] != b.get(k)})
PY
