#!/usr/bin/env bash
# Whole-process benchmark (issue 8): with a warm page cache, times several runs of
#   cat FILE > /dev/null                                   (the floor)
#   bin/proxyaudit flows --format json FILE > /dev/null      (PROXYAUDIT_JAVA_OPTS=-Xmx512m)
#   bin/proxyaudit analyze FILE > /dev/null                  (no report)
# (LAUNCHER=0: java -Xmx512m $JAVA_OPTS -jar target/proxyaudit.jar instead of the launcher and its JVM settings)
#   tshark -r FILE -Y 'tls.handshake.type==1' -T fields -e tls.handshake.extensions_server_name
# and reports median / min / max wall time, MB/s, packets/s and peak RSS, plus the in-process
# processing rate that `flows --stats` prints (JVM start-up excluded) when the option exists; without it,
# the same pipeline timed in-process by io.proxyaudit.bench.ProcessingRate (test classes; `mvn test-compile`).
# Also `proxyaudit stats` (read + decode only) as the reader floor. Each tool's SNI answer is checked against the generator's truth file (bench/compare-sni.py).
#
# usage: bench/run-bench.sh FILE [TRUTH]        (TRUTH defaults to FILE with .truth instead of the extension)
# env:   RUNS=5 TSHARK_RUNS=$RUNS LIBPCAP_RUNS=$RUNS XMX=512m JAR=target/proxyaudit.jar JAVA_OPTS= OUT=/tmp/proxyaudit-bench
#        LAUNCHER=1 (bin/proxyaudit; 0 = plain java -jar)
#        READERS="auto" (java and libpcap when there is --reader) SKIP="stats analyze tshark" (tools to skip)
set -euo pipefail

FILE=${1:?usage: bench/run-bench.sh FILE [TRUTH]}
TRUTH=${2:-${FILE%.*}.truth}
HERE=$(cd "$(dirname "$0")" && pwd)
RUNS=${RUNS:-5}
TSHARK_RUNS=${TSHARK_RUNS:-$RUNS}
XMX=${XMX:-512m}
JAR=${JAR:-target/proxyaudit.jar}
JAVA_OPTS=${JAVA_OPTS:-}
OUT=${OUT:-/tmp/proxyaudit-bench}
SKIP=${SKIP:-}
mkdir -p "$OUT"
NAME=$(basename "$FILE")
RESULTS="$OUT/$NAME.runs.tsv"
: > "$RESULTS"; : > "$OUT/$NAME.checks.txt"

[ -r "$FILE" ] || { echo "run-bench: cannot read $FILE" >&2; exit 2; }
SIZE=$(stat -c %s "$FILE")
if [ -r "$TRUTH" ]; then
  PACKETS=$(sed -n 's/^# packets=//p' "$TRUTH")
else
  echo "run-bench: no truth file $TRUTH: SNI answers are not checked" >&2
  TRUTH=""
  PACKETS=$(capinfos -M -c -T "$FILE" | awk -F'\t' 'NR==2{print $2}')
fi

skipped() { case " $SKIP " in *" $1 "*) return 0;; esac; return 1; }

# run LABEL STDOUT_FILE CMD...: one timed run; appends "label secs rss_kb stats_secs stats_bytes stats_packets"
run() {
  local label=$1 out=$2; shift 2
  local t0 t1 rss err="$OUT/$NAME.$label.stderr"
  t0=$(date +%s%N)
  local rc=0
  /usr/bin/time -f '%M %U %S' -o "$OUT/time.$$" "$@" > "$out" 2> "$err" || rc=$?
  # analyze exits 1 when it has findings: that is an answer, not a failure
  if [ "$rc" -ne 0 ] && ! { [ "$rc" -eq 1 ] && [[ $label == analyze* ]]; }; then
    echo "run-bench: $label failed (exit $rc): $(grep -v '^Command exited' "$err" | tail -3)" >&2; return 1
  fi
  t1=$(date +%s%N)
  read -r rss usr sys < <(grep -v '^Command' "$OUT/time.$$" | tail -1)
  # --stats line (if any): numbers after "packets", "bytes", "seconds" in any order/format
  local st
  st=$(python3 - "$err" <<'PY'
import re, sys
t = open(sys.argv[1], errors="replace").read()
# flows --stats: "proxyaudit: stats: FILE: N packets, B bytes, S s, ..."; ProcessingRate: "packets=N bytes=N seconds=S"
def num(*patterns):
    for p in patterns:
        m = re.search(p, t)
        if m:
            return m.group(1)
    return "-"
print(num(r"\bseconds=([0-9.]+)", r"([0-9]+(?:\.[0-9]+)?) s\b"),
      num(r"\bbytes=([0-9]+)", r"([0-9]+) bytes\b"),
      num(r"\bpackets=([0-9]+)", r"([0-9]+) packets\b"))
PY
)
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$(echo "scale=3; ($t1-$t0)/1000000000" | bc)" "$rss" "${st// /$'\t'}" \
    "$(echo "$usr + $sys" | bc)" >> "$RESULTS"
}

echo "== $FILE: $SIZE bytes, $PACKETS packets; runs=$RUNS; -Xmx$XMX" >&2
echo "== warming the page cache" >&2
cat "$FILE" > /dev/null; cat "$FILE" > /dev/null

for i in $(seq "$RUNS"); do run cat /dev/null cat "$FILE"; done

if [ "${LAUNCHER:-1}" = 1 ]; then
  JAVA=(env PROXYAUDIT_JAR="$JAR" PROXYAUDIT_JAVA_OPTS="-Xmx$XMX $JAVA_OPTS" "$HERE/../bin/proxyaudit")
else
  JAVA=(java "-Xmx$XMX" $JAVA_OPTS -jar "$JAR")
fi
HELP=$("${JAVA[@]}" flows --help 2>&1 || true)
STATS=(); case "$HELP" in *--stats*) STATS=(--stats);; *) echo "run-bench: flows has no --stats option: processing rate not measured" >&2;; esac
READERS=${READERS:-auto}
if [ "$READERS" = auto ]; then
  case "$HELP$("${JAVA[@]}" stats --help 2>&1 || true)" in *--reader*) READERS="java libpcap";; *) READERS="default";; esac
fi

for reader in $READERS; do
  ropt=(); [ "$reader" = default ] || ropt=(--reader "$reader")
  n=$RUNS; [ "$reader" = libpcap ] && n=${LIBPCAP_RUNS:-$RUNS}
  if ! skipped stats; then
    # read + decode only (capinfos-like summary): the reader/decoder floor of the pipeline
    for i in $(seq "$n"); do run "stats-$reader" "$OUT/$NAME.stats.json" "${JAVA[@]}" stats --format json "${ropt[@]}" "$FILE" || break; done
    got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packets"])' "$OUT/$NAME.stats.json" 2>/dev/null || echo "?")
    if [ "$got" = "$PACKETS" ]; then msg="OK $got packets"; else msg="DIFF $got packets, truth $PACKETS"; fi
    echo "stats-$reader: $msg" | tee -a "$OUT/$NAME.checks.txt" >&2
  fi
  label="flows-$reader"
  if ! skipped flows; then
    # one untimed run keeps the NDJSON for the SNI check
    "${JAVA[@]}" flows --format json "${ropt[@]}" "$FILE" > "$OUT/$NAME.$label.ndjson" 2> "$OUT/$NAME.$label.check.stderr" \
      || echo "run-bench: $label check run exited $?: $(tail -2 "$OUT/$NAME.$label.check.stderr")" >&2
    [ -n "$TRUTH" ] && python3 "$HERE/compare-sni.py" --label "$label" --truth "$TRUTH" --ndjson "$OUT/$NAME.$label.ndjson" \
      | tee -a "$OUT/$NAME.checks.txt" >&2 || true
    for i in $(seq "$n"); do run "$label" /dev/null "${JAVA[@]}" flows --format json "${STATS[@]}" "${ropt[@]}" "$FILE" || break; done
    if [ ${#STATS[@]} -eq 0 ] && [ -d target/test-classes/io/proxyaudit/bench ]; then
      # no --stats: the same pipeline + NDJSON writer in-process, timed after JVM start (bench/ProcessingRate)
      r=$reader; [ "$r" = default ] && r=java
      for i in $(seq "$n"); do
        run "inproc-json-$reader" /dev/null java "-Xmx$XMX" $JAVA_OPTS -cp "target/test-classes:$JAR" \
          io.proxyaudit.bench.ProcessingRate "$FILE" "$r" 1 || break
      done
    fi
  fi
  if ! skipped analyze; then
    for i in $(seq "$n"); do run "analyze-$reader" /dev/null "${JAVA[@]}" analyze "${STATS[@]}" "${ropt[@]}" "$FILE" || break; done
  fi
done

if ! skipped tshark; then
  for i in $(seq "$TSHARK_RUNS"); do
    run tshark "$OUT/$NAME.tshark.txt" tshark -n -r "$FILE" -Y 'tls.handshake.type==1' -T fields -e tls.handshake.extensions_server_name
  done
  [ -n "$TRUTH" ] && python3 "$HERE/compare-sni.py" --label tshark --truth "$TRUTH" --tshark "$OUT/$NAME.tshark.txt" \
    | tee -a "$OUT/$NAME.checks.txt" >&2 || true
fi

python3 "$HERE/summarize.py" --file "$FILE" --size "$SIZE" --packets "$PACKETS" --xmx "$XMX" "$RESULTS" | tee "$OUT/$NAME.summary.md"
