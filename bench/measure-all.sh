#!/usr/bin/env bash
# The measurement behind BENCHMARKS.md, in one go: machine facts, whole-process benchmark on a 1 GB and a
# 4 GB synthetic capture (generated if missing), a JFR profile of `flows`, tshark and `flows` interleaved in one
# batch (bench/tshark-interleaved.sh), the floor under any JVM tool (bench/floor.sh), and the JMH hot-path benchmarks.
# Captures live under $DATA (default /tmp) and are never committed.
#
# usage: bench/measure-all.sh            env: DATA=/tmp OUT=/tmp/proxyaudit-bench RUNS=5 TSHARK_RUNS=3
#                                             LIBPCAP_RUNS=2 RUNS_4G=3 TSHARK_4G_RUNS=1 JMH=1 (0 skips JMH)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-/tmp}; OUT=${OUT:-/tmp/proxyaudit-bench}; RUNS=${RUNS:-5}; TSHARK_RUNS=${TSHARK_RUNS:-3}
TSHARK_4G_RUNS=${TSHARK_4G_RUNS:-1}; JMH=${JMH:-1}; LIBPCAP_RUNS=${LIBPCAP_RUNS:-2}; RUNS_4G=${RUNS_4G:-3}
mkdir -p "$OUT"
{
  echo "## machine"; date -u; nproc; lscpu | head -20; free -m; java -version 2>&1; tshark -v | head -1
  uptime; git log --oneline -1
} > "$OUT/machine.txt" 2>&1

mvn -B -q -o package -DskipTests
for size in 1g 4g; do
  f="$DATA/perf-$size.pcap"
  if [ ! -f "$f" ] || [ ! -f "$DATA/perf-$size.truth" ]; then
    java -cp target/test-classes:target/classes io.proxyaudit.bench.SyntheticCapture --size "$size" --format pcap \
      --seed 1 --out "$f" --truth "$DATA/perf-$size.truth"
  fi
done
# generator speed without the disk: to /dev/null
java -cp target/test-classes:target/classes io.proxyaudit.bench.SyntheticCapture --size 1g --format pcap --seed 1 \
  --out /dev/null 2>> "$OUT/generator.txt"

# 1 GB: both readers (libpcap fewer runs: it is ten times slower), tshark
OUT="$OUT" RUNS="$RUNS" LIBPCAP_RUNS="$LIBPCAP_RUNS" TSHARK_RUNS="$TSHARK_RUNS" bench/run-bench.sh "$DATA/perf-1g.pcap"
# 4 GB: the default reader (linearity and memory), tshark once
if [ "$TSHARK_4G_RUNS" -gt 0 ]; then
  OUT="$OUT" RUNS="$RUNS_4G" READERS=java TSHARK_RUNS="$TSHARK_4G_RUNS" bench/run-bench.sh "$DATA/perf-4g.pcap"
else
  OUT="$OUT" RUNS="$RUNS_4G" READERS=java SKIP=tshark bench/run-bench.sh "$DATA/perf-4g.pcap"
fi
OUT="$OUT" bench/profile.sh "$DATA/perf-1g.pcap" flows --format json > "$OUT/profile-flows.txt" 2>&1 || true
OUT="$OUT" bench/profile.sh "$DATA/perf-4g.pcap" flows --format json > "$OUT/profile-flows-4g.txt" 2>&1 || true
if [ "${EXTRA:-1}" = 1 ]; then
  # the same jar without the launcher's JVM settings (plain java -jar: tiered C2, G1, no AppCDS)
  OUT="$OUT/plain-jar" RUNS=3 READERS=java SKIP="stats analyze tshark" LAUNCHER=0 \
    bench/run-bench.sh "$DATA/perf-1g.pcap" || true
  OUT="$OUT/plain-jar" RUNS=2 READERS=java SKIP="stats analyze tshark" LAUNCHER=0 \
    bench/run-bench.sh "$DATA/perf-4g.pcap" || true
  if [ -f "$DATA/perf-1g.pcapng" ]; then
    OUT="$OUT/pcapng" RUNS=3 READERS=java SKIP="analyze tshark" bench/run-bench.sh "$DATA/perf-1g.pcapng" \
      "$DATA/perf-1g.pcapng.truth" || true
  fi
  # tshark and flows interleaved in one batch (the ratio without the VM's drift between batches)
  bench/tshark-interleaved.sh "$DATA/perf-1g.pcap" > "$OUT/tshark-interleaved.txt" 2>&1 || true
  # the floor under any JVM tool here (bare JVM, JVM read + record walk, cat) next to flows and tshark
  RUNS=3 TSHARK=1 OUT="$OUT" bench/floor.sh "$DATA/perf-1g.pcap" > "$OUT/floor-1g.txt" 2>&1 || true
fi
if [ "$JMH" = 1 ]; then
  bench/run-jmh.sh -f 1 -wi 2 -w 2 -i 3 -r 2 -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.txt" 2>&1 || true
fi
echo "results in $OUT" >&2
