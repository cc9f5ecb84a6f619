#!/usr/bin/env bash
# tshark's SNI extraction and `proxyaudit flows` interleaved in one batch (tshark, 3x flows, cat; three times),
# so that the ratio is not skewed by this VM's speed drifting between separate batches.
# usage: bench/tshark-interleaved.sh FILE       prints one line per run: tool wall-ms
set -euo pipefail
FILE=${1:?usage: bench/tshark-interleaved.sh FILE}
cd "$(dirname "$0")/.."
ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
for i in 1 2 3; do
    echo "tshark $(ms tshark -r "$FILE" -Y 'tls.handshake.type==1' -T fields -e tls.handshake.extensions_server_name)"
    for j in 1 2 3; do
        echo "flows $(PROXYAUDIT_JAVA_OPTS=-Xmx512m ms bin/proxyaudit flows --format json "$FILE")"
    done
    echo "cat $(ms cat "$FILE")"
done
