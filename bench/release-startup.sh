#!/usr/bin/env bash
# usage: bench/release-startup.sh REPO UNPACKED_ARCHIVE [ROUNDS]
# Interleaved runs of the quick start (analyze a bundled sample writing a report) and of `--version`: the source
# tree's launcher (REPO/bin/proxyaudit: target/proxyaudit.jar, its AppCDS archive, the system JDK) against the
# release archive's (UNPACKED_ARCHIVE/bin/proxyaudit: its jlink runtime and class-data archive). Wall time, and CPU
# time (user + system), which a busy machine disturbs less. BENCHMARKS.md, "Release archive".
set -eu
repo=$1 archive=$2 n=${3:-15}
s=$repo/samples/a-http-proxy-only
tmp=$(mktemp -d)
# "wall_ms cpu_ms" of one run
t() { /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" > /dev/null 2>&1 || true
      awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$tmp/time"; }
quick() { t "$1/bin/proxyaudit" analyze "$s/capture.pcap" --no-inherit-env --env-file "$s/capture.env" \
  --report "$tmp/r.html" --fail-on none; }
version() { t "$1/bin/proxyaudit" --version; }
for i in $(seq "$n"); do
  for what in quick version; do
    if (( i % 2 )); then a=$($what "$repo"); b=$($what "$archive"); else b=$($what "$archive"); a=$($what "$repo"); fi
    echo "$what tree $a"
    echo "$what archive $b"
  done
done > "$tmp/runs.txt"
for what in quick version; do
  for side in tree archive; do
    for col in 3 4; do
      grep "^$what $side " "$tmp/runs.txt" | cut -d' ' -f$col | sort -n | awk -v w="$what" -v s="$side" \
        -v c="$( [ $col = 3 ] && echo wall || echo cpu)" \
        '{v[NR]=$1; sum+=$1} END {printf "%-8s %-8s %-4s median %5d ms  mean %5d ms  min %5d ms  (%d runs)\n", w, s, c, v[int((NR+1)/2)], sum/NR, v[1], NR}'
    done
  done
done
rm -rf "$tmp"
