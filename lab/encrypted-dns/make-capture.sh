#!/usr/bin/env bash
# A real capture of encrypted DNS and SOCKS name resolution, made on loopback only:
#   curl --doh-url (DNS over HTTPS to "dns.google"), kdig +tls (DNS over TLS, port 853), and curl through a SOCKS5
#   proxy with ALL_PROXY=socks5h:// (the proxy resolves) and ALL_PROXY=socks5:// (curl resolves: a DNS lookup first).
# The servers (servers.py) log every query and SOCKS request; that log is the truth EncryptedDnsCaptureTest checks.
# Everything runs in a new network and mount namespace (unshare -n -m): the addresses 10.53.0.0/24 are routed to lo
# there, /etc/resolv.conf and /etc/hosts are replaced inside it only; nothing leaves the machine.
#
#   sudo lab/encrypted-dns/make-capture.sh OUTDIR      (needs unshare, tcpdump, curl, kdig (knot-dnsutils), openssl)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(realpath -m "${1:?usage: make-capture.sh OUTDIR}")
mkdir -p "$OUT"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 -subj /CN=lab.test \
    -addext "subjectAltName=DNS:www.lab.test,DNS:dns.google,DNS:dot.lab.test" 2>/dev/null
echo "nameserver 10.53.0.53" > "$W/resolv.conf"
printf '127.0.0.1\tlocalhost\n' > "$W/hosts"
rm -f "$OUT/servers.jsonl" "$OUT/clients.log" "$OUT/capture.pcap"
export HERE OUT W
unshare -n -m bash -s <<'EOS'
set -euo pipefail
mount --bind "$W/resolv.conf" /etc/resolv.conf
mount --bind "$W/hosts" /etc/hosts
ip link set lo up
ip route add local 10.53.0.0/24 dev lo
# the SOCKS proxy's own connection to the origin (from 10.53.0.2 to 10.53.0.80) is not the client's traffic
tcpdump -i lo -U -s 0 -w "$OUT/capture.pcap" \
    'net 10.53.0.0/24 and not (host 10.53.0.2 and host 10.53.0.80)' 2>"$W/tcpdump.err" &
TD=$!
python3 "$HERE/servers.py" "$OUT/servers.jsonl" "$W/cert.pem" "$W/key.pem" 60 > "$W/ready" &
SV=$!
for i in $(seq 50); do [ -s "$W/ready" ] && break; sleep 0.1; done
sleep 1
run() { echo "\$ $*" >> "$OUT/clients.log"; "$@" >> "$OUT/clients.log" 2>&1 || echo "(exit $?)" >> "$OUT/clients.log"; }
run curl -sS --max-time 10 --cacert "$W/cert.pem" --doh-url https://dns.google/dns-query https://www.lab.test/via-doh
run kdig +tls +time=5 @10.53.0.9 www.lab.test A
run env ALL_PROXY=socks5h://10.53.0.2:1080 curl -sS --max-time 10 --cacert "$W/cert.pem" https://www.lab.test/via-socks5h
run env ALL_PROXY=socks5://10.53.0.2:1080 curl -sS --max-time 10 --cacert "$W/cert.pem" https://www.lab.test/via-socks5
sleep 1
kill "$SV" 2>/dev/null || true
kill -INT "$TD"
wait "$TD" || true
EOS
sed -i "s#$W#<tmp>#g" "$OUT/clients.log"
echo "capture: $OUT/capture.pcap ($(stat -c %s "$OUT/capture.pcap") bytes); truth: $OUT/servers.jsonl"
