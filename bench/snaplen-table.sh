#!/usr/bin/env bash
# usage: [SAMPLES="samples/g1-*/ ..."] bench/snaplen-table.sh [N...]  (default: every sample; 96 128 200 256)
# Re-cuts every sample with `editcap -s N` and compares, per sample and N, the flows' routes and verdicts of
# `analyze` with those of the uncut capture (same flow ids: the cut file has the same packets), and what proxyaudit
# reads in the cut file (absolute-URI requests, SNIs, CONNECT targets) with what tshark reads in it.
# Prints the markdown table of docs/snaplen.md. Needs target/proxyaudit.jar, editcap, tshark, jq.
set -euo pipefail
cd "$(dirname "$0")/.."
NS=("${@:-96 128 200 256}"); NS=(${NS[@]})
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pa() { java -jar target/proxyaudit.jar "$@" 2>/dev/null || true; }
echo "| sample | N | flows | route equal | verdict equal | target and client equal | abs-URI requests: uncut / tshark / ours | SNIs: uncut / tshark / ours |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
for d in ${SAMPLES:-samples/*/}; do
  s=$(basename "$d"); cap=$(ls "$d"capture.pcap* | head -1); env="$d/capture.env"
  pa analyze "$cap" --format json --no-inherit-env --env-file "$env" --fail-on none > "$T/u.json"
  jq -r 'select(.type=="flow") | "\(.id) \(.route) \(.verdict) \(.target) \(.client)"' "$T/u.json" | sort > "$T/u.rv"
  uabs=$(jq -r 'select(.type=="flow") | .http[]?.target | select(test("^https?://"))' "$T/u.json" | wc -l)
  usni=$(jq -r 'select(.type=="flow") | (.tls.sni, .tunnel_tls.sni) | select(. != null)' "$T/u.json" | wc -l)
  for n in "${NS[@]}"; do
    editcap -s "$n" "$cap" "$T/c.pcap" >/dev/null 2>&1
    pa analyze "$T/c.pcap" --format json --no-inherit-env --env-file "$env" --fail-on none > "$T/c.json"
    jq -r 'select(.type=="flow") | "\(.id) \(.route) \(.verdict) \(.target) \(.client)"' "$T/c.json" | sort > "$T/c.rv"
    flows=$(wc -l < "$T/u.rv")
    route=$(join "$T/u.rv" "$T/c.rv" | awk '$2==$6' | wc -l)
    verdict=$(join "$T/u.rv" "$T/c.rv" | awk '$2==$6 && $3==$7' | wc -l)
    tc=$(join "$T/u.rv" "$T/c.rv" | awk '$4==$8 && $5==$9' | wc -l)
    cabs=$(jq -r 'select(.type=="flow") | .http[]?.target | select(test("^https?://"))' "$T/c.json" | wc -l)
    csni=$(jq -r 'select(.type=="flow") | (.tls.sni, .tunnel_tls.sni) | select(. != null)' "$T/c.json" | wc -l)
    tabs=$(tshark -r "$T/c.pcap" -Y http.request -T fields -e http.request.uri 2>/dev/null | grep -c '^https\?://' || true)
    tsni=$(tshark -r "$T/c.pcap" -Y 'tls.handshake.type == 1' -T fields -e tls.handshake.extensions_server_name 2>/dev/null | grep -c . || true)
    echo "| $s | $n | $flows | $route | $verdict | $tc | $uabs / $tabs / $cabs | $usni / $tsni / $csni |"
  done
done
