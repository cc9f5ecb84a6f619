#!/usr/bin/env bash
# usage: bench/ab-interleaved.sh A_REPO B_REPO ROUNDS  -- interleaved whole-process wall times of bin/proxyaudit flows/analyze on 1 GB
set -u
A=$1; B=$2; N=${3:-7}; F=${FILE:-/tmp/proxyaudit-bench/perf-1g.pcap}
export PROXYAUDIT_JAVA_OPTS=-Xmx512m
cat $F > /dev/null
t() { local s=$(date +%s%N); "$@" > /dev/null 2>&1; local e=$(date +%s%N); echo $(( (e-s)/1000000 )); }
for i in $(seq $N); do
  for cmd in flows analyze; do
    extra=""; [ $cmd = flows ] && extra="--format json"
    a=$(t $A/bin/proxyaudit $cmd $extra $F); b=$(t $B/bin/proxyaudit $cmd $extra $F)
    echo "$cmd A=$a B=$b"
  done
done | tee /tmp/ab.out
for cmd in flows analyze; do
  for s in A B; do
    med=$(grep "^$cmd" /tmp/ab.out | sed "s/.*$s=\([0-9]*\).*/\1/" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
    echo "median $cmd $s ${med} ms"
  done
done
