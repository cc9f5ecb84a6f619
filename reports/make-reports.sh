#!/usr/bin/env bash
# Regenerates reports/<scenario>.html and reports/<scenario>.ndjson from every lab capture in samples/.
# Usage (from the repository root, after `mvn -B -q package -DskipTests`): bash reports/make-reports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/proxyaudit.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
for dir in samples/*/; do
  s=$(basename "$dir")
  cap=$(ls "$dir" | grep -E '^capture\.(pcap|pcapng)(\.gz)?$' | head -1)
  [ -n "$cap" ] || continue
  # exit code 1 (findings) is expected for the bypass scenarios
  java -jar "$jar" analyze "$dir$cap" --no-inherit-env --env-file "${dir}capture.env" \
      --format json --report "reports/$s.html" > "reports/$s.ndjson" 2>/dev/null || [ $? -eq 1 ]
  echo "reports/$s.html"
done
