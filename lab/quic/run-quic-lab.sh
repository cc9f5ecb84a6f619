#!/usr/bin/env bash
# QUIC lab (issue 18): real HTTP/3 clients (aioquic 1.2.0 and quic-go) fetch from real QUIC servers (aioquic) with
# HTTPS_PROXY set to a real squid, so every QUIC connection goes around the proxy, while curl fetches one page
# through the proxy over TCP for contrast. Recorded by hand into samples/q-quic-bypass (capture, truth from the
# servers' and squid's logs, tshark's reading of every ClientHello, the configuration sidecar); CI never runs it.
#
#   sudo lab/quic/run-quic-lab.sh [SAMPLE_DIR]          (default samples/q-quic-bypass)
#
# What the clients do, one after the other (the capture's order):
#   curl       https://www.lab.test/tcp-through-proxy     CONNECT through squid (the contrast)
#   aioquic    https://quic.lab.test/aioquic-v1           QUIC v1, the ClientHello in one Initial packet
#   aioquic    https://quic.lab.test/aioquic-v2           QUIC v2 (RFC 9369) Initial packets
#   aioquic    https://quic.lab.test/aioquic-large        --quantum-readiness: a 1200-byte transport parameter, so
#                                                         the ClientHello is split over two Initial packets
#   aioquic    https://quic-retry.lab.test/aioquic-retry  the server answers with a Retry; the client starts again
#   quic-go    https://quic.lab.test/quic-go              X25519MLKEM768 key share: a post-quantum ClientHello over
#                                                         two Initial packets
#   quic-go    https://quic-retry.lab.test/quic-go-retry  post-quantum ClientHello and a Retry
#
# Safety as lab/run-lab.sh: two network namespaces of its own (qa-client, qa-srv) joined by one veth pair, addresses
# 10.77.0.0/24 only on that pair, no default route, nothing forwarded to the host; torn down on exit, also on
# failure. Needs root, iproute2, ethtool, tcpdump, tshark (capinfos), dnsmasq, squid, curl, openssl, python3, a Go
# 1.24 or later (GO, default /usr/local/go/bin/go; quic-go comes through the module proxy) and aioquic 1.2.0 in a
# venv (AIOQUIC_PYTHON, default /tmp/aioquic-venv/bin/python:
#   python3 -m venv /tmp/aioquic-venv && /tmp/aioquic-venv/bin/pip install aioquic==1.2.0).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=$(realpath -m "${1:-$REPO/samples/q-quic-bypass}")
SCENARIO=$(basename "$OUT")
W=/tmp/proxyaudit-quic-lab
PY=${AIOQUIC_PYTHON:-/tmp/aioquic-venv/bin/python}
GO=${GO:-/usr/local/go/bin/go}
NS=(qa-client qa-srv)
NET4=10.77.0
CLIENT4=$NET4.10 PROXY4=$NET4.2 DNS4=$NET4.53
# name last-octet
SERVERS=("proxy.lab.test 2" "www.lab.test 41" "quic.lab.test 42" "quic-retry.lab.test 43")
P=http://proxy.lab.test:3128

log() { printf '[quic-lab %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

lab_down() {
    local ns pid
    for ns in "${NS[@]}"; do
        if ip netns list | grep -qw "^$ns"; then
            for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
            sleep 0.5
            for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
            ip netns del "$ns" 2>/dev/null || true
        fi
    done
    rm -rf /etc/netns/qa-client
    rmdir /etc/netns 2>/dev/null || true
}
cleanup() {
    local rc=$?
    lab_down
    [[ -n "${KEEP_WORK:-}" ]] || rm -rf "$W"
    [[ $rc -eq 0 ]] || log "failed (exit $rc); lab torn down"
    exit $rc
}

wait_for() { # file: a server prints "ready" when it listens
    local i
    for i in $(seq 1 100); do grep -q ready "$1" 2>/dev/null && return 0; sleep 0.1; done
    die "no ready line in $1"
}

prepare() {
    rm -rf "$W"; mkdir -p "$W"/{ca,bin,run}; chmod 755 "$W"
    "$PY" -c 'import aioquic; assert aioquic.__version__ == "1.2.0", aioquic.__version__' \
        || die "$PY has no aioquic 1.2.0 (python3 -m venv /tmp/aioquic-venv && /tmp/aioquic-venv/bin/pip install aioquic==1.2.0)"
    log "building the quic-go client with $("$GO" version)"
    (cd "$HERE/quicgo" && CGO_ENABLED=0 "$GO" build -o "$W/bin/quicgo" .)
    log "private CA and one certificate for every lab name"
    local san="" s
    for s in "${SERVERS[@]}"; do set -- $s; san+="${san:+,}DNS:$1"; done
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
        -subj "/CN=proxyaudit quic lab CA" -keyout "$W/ca/ca.key" -out "$W/ca/ca.pem" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=lab servers" \
        -keyout "$W/ca/srv.key" -out "$W/ca/srv.csr" 2>/dev/null
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" > "$W/ca/ext"
    openssl x509 -req -in "$W/ca/srv.csr" -CA "$W/ca/ca.pem" -CAkey "$W/ca/ca.key" -CAcreateserial \
        -days 30 -extfile "$W/ca/ext" -out "$W/ca/srv.pem" 2>/dev/null
}

lab_up() {
    local sw=$1 s
    lab_down
    ip netns add qa-client; ip netns add qa-srv
    in_ns qa-client ip link set lo up; in_ns qa-srv ip link set lo up
    ip -n qa-client link add eth0 type veth peer name eth0 netns qa-srv
    in_ns qa-client ip link set eth0 address 02:77:00:00:00:01
    in_ns qa-srv ip link set eth0 address 02:77:00:00:00:02
    for ns in qa-client qa-srv; do
        in_ns "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
        # wire-sized packets in the capture (no TSO/GSO/GRO), as in lab/run-lab.sh
        in_ns "$ns" ethtool -K eth0 tso off gso off gro off >/dev/null 2>&1 || true
        in_ns "$ns" ip link set eth0 up
    done
    in_ns qa-client ip addr add "$CLIENT4/24" dev eth0
    in_ns qa-srv ip addr add "$DNS4/24" dev eth0
    for s in "${SERVERS[@]}"; do set -- $s; in_ns qa-srv ip addr add "$NET4.$2/24" dev eth0; done
    for ns in qa-client qa-srv; do
        ! in_ns "$ns" ip route show default | grep -q . || die "unexpected default route in $ns"
    done

    mkdir -p /etc/netns/qa-client
    printf 'nameserver %s\noptions timeout:2 attempts:2\n' "$DNS4" > /etc/netns/qa-client/resolv.conf
    printf 'hosts: files dns\n' > /etc/netns/qa-client/nsswitch.conf
    printf '127.0.0.1 localhost\n' > /etc/netns/qa-client/hosts

    : > "$sw/hosts"
    for s in "${SERVERS[@]}"; do set -- $s; echo "$NET4.$2 $1" >> "$sw/hosts"; done
    in_ns qa-srv dnsmasq -k -C /dev/null --no-resolv --no-hosts --no-poll --addn-hosts="$sw/hosts" \
        --listen-address="$DNS4" --bind-interfaces --user=root --group=root --local=/lab.test/ --local-ttl=30 \
        --log-queries=extra --log-facility="$sw/dnsmasq.log" --pid-file="$sw/dnsmasq.pid" 2>>"$sw/dnsmasq.stderr" &

    mkdir -p "$sw/squid"
    cat > "$sw/squid/squid.conf" <<EOF
http_port $PROXY4:3128
pid_filename $sw/squid/squid.pid
cache deny all
cache_mem 8 MB
cache_store_log none
coredump_dir $sw/squid
logfile_rotate 0
netdb_filename none
shutdown_lifetime 1 seconds
dns_nameservers $DNS4
tcp_outgoing_address $PROXY4
logformat lab %ts.%03tu peer=%>a:%>p local=%>la:%>lp %rm %ru status=%>Hs/%Ss upstream=%<a:%<p user=%un ua="%{User-Agent}>h"
access_log stdio:$sw/squid/access.log lab
cache_log $sw/squid/cache.log
acl lan src $NET4.0/24
acl SSL_ports port 443
acl Safe_ports port 80 443
acl CONNECT method CONNECT
http_access deny !Safe_ports
http_access deny CONNECT !SSL_ports
http_access allow lan
http_access deny all
EOF
    chown -R proxy:proxy "$sw/squid"
    in_ns qa-srv squid -N -f "$sw/squid/squid.conf" 2>>"$sw/squid/stderr.log" &

    local c="$W/ca/srv.pem" k="$W/ca/srv.key"
    in_ns qa-srv "$PY" "$HERE/h3lab.py" https-server www.lab.test "$NET4.41" "$sw/origin-www.lab.test.jsonl" "$c" "$k" \
        > "$sw/ready-www" 2>>"$sw/origin-stderr.log" &
    in_ns qa-srv "$PY" "$HERE/h3lab.py" quic-server quic.lab.test "$NET4.42" "$sw/origin-quic.lab.test.jsonl" "$c" "$k" \
        > "$sw/ready-quic" 2>>"$sw/origin-stderr.log" &
    in_ns qa-srv "$PY" "$HERE/h3lab.py" quic-server quic-retry.lab.test "$NET4.43" "$sw/origin-quic-retry.lab.test.jsonl" \
        "$c" "$k" --retry > "$sw/ready-quic-retry" 2>>"$sw/origin-stderr.log" &
    wait_for "$sw/ready-www"; wait_for "$sw/ready-quic"; wait_for "$sw/ready-quic-retry"
    local i
    for i in $(seq 1 100); do in_ns qa-srv ss -Hltn "sport = :3128" | grep -q . && break; sleep 0.1; done
    in_ns qa-srv ss -Hltn "sport = :3128" | grep -q . || die "squid does not listen"
    sleep 0.5
}

# every command gets exactly this environment: the proxy is configured, the QUIC clients simply never use it
ENV=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "HOME=$W/home"
     "SSL_CERT_FILE=$W/ca/ca.pem" "HTTPS_PROXY=$P" "HTTP_PROXY=$P")
run_client() { # label cmd...
    local label=$1; shift
    { printf '$'; printf ' %q' "$@"; printf '\n'; } >> "$SW/client-$label.log"
    set +e
    in_ns qa-client env -i "${ENV[@]}" "$@" >> "$SW/client-$label.log" 2>&1
    local rc=$?
    set -e
    echo "exit status $rc" >> "$SW/client-$label.log"
    log "  $label: exit $rc"
    printf '%s\n' "${ENV[@]:3}" > "$SW/env-$label.txt"
}

main() {
    [[ $(id -u) -eq 0 ]] || die "needs root (network namespaces)"
    local t
    for t in ip ethtool tcpdump tshark capinfos dnsmasq squid curl openssl python3; do
        command -v "$t" >/dev/null || die "missing $t"
    done
    [[ -x $GO ]] || die "no Go at $GO (GO=...; 1.24 or later)"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    prepare
    SW=$W/run; mkdir -p "$W/home"
    lab_up "$SW"
    rm -rf "$OUT"; mkdir -p "$OUT"
    local cap=$OUT/capture.pcap
    in_ns qa-client tcpdump -Z root -U -n -i eth0 -w "$cap" 2>"$W/cap.err" &
    local cap_pid=$!
    for t in $(seq 1 50); do grep -q 'listening on' "$W/cap.err" 2>/dev/null && break; sleep 0.1; done
    sleep 0.5
    local t0; t0=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    local h3=("$PY" "$HERE/h3lab.py" get --cafile "$W/ca/ca.pem")
    run_client curl curl -sS --max-time 10 https://www.lab.test/tcp-through-proxy
    run_client aioquic "${h3[@]}" https://quic.lab.test/aioquic-v1
    run_client aioquic "${h3[@]}" --quic-version 2 https://quic.lab.test/aioquic-v2
    run_client aioquic "${h3[@]}" --quantum-readiness https://quic.lab.test/aioquic-large
    run_client aioquic "${h3[@]}" https://quic-retry.lab.test/aioquic-retry
    run_client quic-go "$W/bin/quicgo" https://quic.lab.test/quic-go
    run_client quic-go "$W/bin/quicgo" https://quic-retry.lab.test/quic-go-retry
    sleep 1
    kill -TERM "$cap_pid" 2>/dev/null || true
    wait "$cap_pid" 2>/dev/null || true
    lab_down
    chmod 644 "$cap"
    sed -i "s#$W#<lab>#g; s#$HERE#lab/quic#g" "$SW"/client-*.log
    sed -i "s#$W#<lab>#g" "$SW"/env-*.txt
    python3 "$HERE/make-truth.py" --scenario "$SCENARIO" --work "$SW" --out "$OUT" --capture "$cap" --started "$t0" \
        --curl-version "$(curl --version | head -1 | awk '{print $2}')" \
        --quic-go-version "$(quicgo_version)" --go-version "$("$GO" version | awk '{print $3}')"
    log "done: $OUT"
}

quicgo_version() { "$GO" version -m "$W/bin/quicgo" | awk '$2 == "github.com/quic-go/quic-go" {print $3}'; }

main "$@"; exit $?
