#!/usr/bin/env bash
# proxyaudit capture lab: real Go/git/chromium fetches through a real squid, captured with
# tcpdump/dumpcap in the client's network namespace, with ground truth from the servers' logs.
#
#   sudo lab/run-lab.sh                 # every scenario
#   sudo lab/run-lab.sh a-http-proxy-only k-firewall-hang
#   sudo lab/run-lab.sh --list
#
# Safety: every address lives on a veth inside a namespace this script creates (10.77.0.0/24,
# fd00:77::/64); no default route, no NAT, no forwarding to the host. Everything is torn down on
# exit, also when a step fails (trap on EXIT). Needs root, iproute2, golang-go, git, tcpdump,
# wireshark-common/tshark, dnsmasq, squid, openssh-server, nftables, curl, openssl, chromium; for the package
# managers' scenarios (r1..u) also python3-pip, npm (node), maven and openjdk-17 (keytool), cargo; for v1, v2 docker.io.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
SAMPLES=${SAMPLES:-$REPO/samples}
W=/tmp/proxyaudit-lab            # fixed path: it appears in logs (ssh repository path)
NS=(pa-br pa-client pa-proxy pa-dns pa-origin)
SCENARIOS=(a-http-proxy-only b-https-proxy c-no-proxy-exemptions d-lowercase-vars
    e1-goprivate-git-via-proxy e2-git-only-http-proxy f-goproxy-fallback
    g1-plain-goproxy-via-proxy g2-plain-goproxy-no-proxy h-proxy-basic-auth i-ipv6
    j-busy-mixed k-firewall-hang l-git-ssh-insteadof m1-chromium-pq-direct m2-chromium-pq-connect
    n-empty-lowercase-var o-all-proxy-only p-upper-lower-conflict
    r1-registries-https-proxy r2-registries-jvm-properties s-registries-case-conflict t-registries-empty-lowercase
    u-registries-no-proxy v1-docker-job-proxy v2-docker-daemon-proxy)

# ------------------------------------------------------------------ addresses and names
NET4=10.77.0 NET6=fd00:77:
CLIENT4=$NET4.10 CLIENT6=$NET6:10
PROXY4=$NET4.2 PROXY6=$NET6:2
DNS4=$NET4.53 DNS6=$NET6:53
# name  last-octet  role  extra labsrv flags
ORIGINS=(
    "goproxy.lab.test 20 goproxy"
    "proxy.golang.org 21 goproxy"
    "sum.golang.org 22 sumdb"
    "mirror-a.lab.test 23 goproxy -fail 404"
    "mirror-b.lab.test 24 goproxy -fail 410"
    "plain.lab.test 25 goproxy"
    "git.lab.test 30 vcs"
    "noise.lab.test 40 web"
    "www.lab.test 41 web"
    "pypi.org 60 registry"
    "files.pythonhosted.org 61 registry"
    "registry.npmjs.org 62 registry"
    "repo.maven.apache.org 63 registry"
    "github.com 64 vcs"
    "static.crates.io 65 registry"
    "registry-1.docker.io 66 registry"
)
PROXY_PORT=3128
PROXY_PORT2=3129                 # second listener of the same squid ("proxy B" in p-upper-lower-conflict)
PROXY_USER=labuser PROXY_PASS=secret

log() { printf '[lab %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------ teardown
lab_down() {
    local ns pid
    for ns in "${NS[@]}"; do
        if ip netns list | grep -qw "^$ns"; then
            for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
        fi
    done
    sleep 0.5
    for ns in "${NS[@]}"; do
        if ip netns list | grep -qw "^$ns"; then
            for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
            ip netns del "$ns" 2>/dev/null || true
        fi
    done
    rm -rf /etc/netns/pa-client
    rmdir /etc/netns 2>/dev/null || true
}
cleanup() {
    local rc=$?
    lab_down
    [[ -n "${KEEP_WORK:-}" ]] || rm -rf "$W"
    [[ $rc -eq 0 ]] || log "failed (exit $rc); lab torn down"
    exit $rc
}

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

wait_port() { # ns proto port
    local i
    for i in $(seq 1 100); do
        if in_ns "$1" ss -Hln"${2:0:1}" "sport = :$3" | grep -q .; then return 0; fi
        sleep 0.1
    done
    die "nothing listening on $2/$3 in $1"
}

# ------------------------------------------------------------------ one-time material (CA, servers, repo)
prepare() {
    rm -rf "$W"; mkdir -p "$W"/{ca,bin,git,ssh,home}; chmod 755 "$W"
    log "building labsrv"
    (cd "$HERE/labsrv" && GOCACHE=${GOCACHE_BUILD:-$W/gocache-build} GOFLAGS=-mod=mod GOPROXY=off go build -o "$W/bin/labsrv" .)

    log "private CA and one server certificate for every lab name"
    local san="DNS:proxy.lab.test" o
    for o in "${ORIGINS[@]}"; do set -- $o; san+=",DNS:$1,IP:$NET4.$2,IP:$NET6:$2"; done
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
        -subj "/CN=proxyaudit lab CA" -keyout "$W/ca/ca.key" -out "$W/ca/ca.pem" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=lab servers" \
        -keyout "$W/ca/srv.key" -out "$W/ca/srv.csr" 2>/dev/null
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" > "$W/ca/ext"
    openssl x509 -req -in "$W/ca/srv.csr" -CA "$W/ca/ca.pem" -CAkey "$W/ca/ca.key" -CAcreateserial \
        -days 30 -extfile "$W/ca/ext" -out "$W/ca/srv.pem" 2>/dev/null

    log "private git repository git.lab.test/team/lib (tag v1.0.0)"
    local src=$W/git-src
    mkdir -p "$src" "$W/git/team"
    printf 'module git.lab.test/team/lib\n\ngo 1.19\n' > "$src/go.mod"
    printf 'package lib\n\n// Answer is private.\nconst Answer = 42\n' > "$src/lib.go"
    (cd "$src" && export GIT_AUTHOR_DATE="2026-05-01T12:00:00Z" GIT_COMMITTER_DATE="2026-05-01T12:00:00Z" \
        GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 &&
        git init -q -b main && git add . &&
        git -c user.name=lab -c user.email=lab@lab.test commit -qm "lib v1.0.0" &&
        git tag v1.0.0)
    git clone -q --bare "$src" "$W/git/team/lib.git"
    git -C "$W/git/team/lib.git" config http.receivepack false

    log "package registries (PyPI, npm, Maven Central, crates.io git index)"
    python3 "$HERE/make-registries.py" "$W/reg" "$W/git"
    keytool -importcert -noprompt -alias lab -file "$W/ca/ca.pem" -keystore "$W/ca/ca.jks" -storepass changeit >/dev/null 2>&1

    log "ssh keys"
    ssh-keygen -q -t ed25519 -N '' -f "$W/ssh/host_ed25519"
    ssh-keygen -q -t ed25519 -N '' -f "$W/ssh/client_ed25519"
    cp "$W/ssh/client_ed25519.pub" "$W/ssh/authorized_keys"
    SUMDB_KEY=$("$W/bin/labsrv" -print-sumdb-key -name sum.golang.org)
}

# ------------------------------------------------------------------ topology and services
# $1 = scenario work dir; $2 = "v4" | "v6only"; $3 = "auth" | ""
lab_up() {
    local sw=$1 family=$2 auth=$3 ns o
    lab_down
    for ns in "${NS[@]}"; do ip netns add "$ns"; in_ns "$ns" ip link set lo up; done
    in_ns pa-br ip link add br0 type bridge forward_delay 0 stp_state 0
    in_ns pa-br sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
    in_ns pa-br ip link set br0 up
    local i=0
    for ns in pa-client pa-proxy pa-dns pa-origin; do
        i=$((i + 1))
        ip -n pa-br link add "v-${ns#pa-}" type veth peer name eth0 netns "$ns"
        in_ns pa-br sysctl -qw "net.ipv6.conf.v-${ns#pa-}.disable_ipv6=1"   # bridge ports stay silent
        ip -n pa-br link set "v-${ns#pa-}" master br0 up
        in_ns "$ns" ip link set eth0 address "02:77:00:00:00:0$i"
        in_ns "$ns" sysctl -qw net.ipv6.conf.eth0.accept_ra=0 net.ipv6.conf.eth0.router_solicitations=0
        # no TSO/GSO/GRO: the capture must show wire-sized segments (a 2 kB ClientHello is two
        # TCP segments, as on a real NIC), not the veth's merged super-packets
        in_ns "$ns" ethtool -K eth0 tso off gso off gro off >/dev/null 2>&1 || true
        in_ns pa-br ethtool -K "v-${ns#pa-}" tso off gso off gro off >/dev/null 2>&1 || true
        in_ns "$ns" ip link set eth0 up
    done
    if [[ $family == v6only ]]; then
        in_ns pa-client ip addr add "$CLIENT6/64" dev eth0 nodad
    else
        in_ns pa-client sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
        in_ns pa-client ip addr add "$CLIENT4/24" dev eth0
    fi
    in_ns pa-proxy ip addr add "$PROXY4/24" dev eth0
    in_ns pa-proxy ip addr add "$PROXY6/64" dev eth0 nodad
    in_ns pa-dns ip addr add "$DNS4/24" dev eth0
    in_ns pa-dns ip addr add "$DNS6/64" dev eth0 nodad
    for o in "${ORIGINS[@]}"; do
        set -- $o
        in_ns pa-origin ip addr add "$NET4.$2/24" dev eth0
        in_ns pa-origin ip addr add "$NET6:$2/64" dev eth0 nodad
    done
    # no default route anywhere: only the connected /24 and /64
    for ns in pa-client pa-proxy pa-dns pa-origin; do
        if in_ns "$ns" ip route show default | grep -q . || in_ns "$ns" ip -6 route show default | grep -q .; then
            die "unexpected default route in $ns"
        fi
    done

    # client resolver files (bind-mounted by ip netns exec)
    mkdir -p /etc/netns/pa-client
    if [[ $family == v6only ]]; then echo "nameserver $DNS6" > /etc/netns/pa-client/resolv.conf
    else echo "nameserver $DNS4" > /etc/netns/pa-client/resolv.conf; fi
    echo "options timeout:2 attempts:2" >> /etc/netns/pa-client/resolv.conf
    printf 'hosts: files dns\n' > /etc/netns/pa-client/nsswitch.conf
    printf '127.0.0.1 localhost\n::1 localhost\n' > /etc/netns/pa-client/hosts

    # DNS
    : > "$sw/hosts"
    echo "$PROXY4 proxy.lab.test" >> "$sw/hosts"; echo "$PROXY6 proxy.lab.test" >> "$sw/hosts"
    for o in "${ORIGINS[@]}"; do set -- $o; echo "$NET4.$2 $1" >> "$sw/hosts"; echo "$NET6:$2 $1" >> "$sw/hosts"; done
    in_ns pa-dns dnsmasq -k -C /dev/null --no-resolv --no-hosts --no-poll --addn-hosts="$sw/hosts" \
        --listen-address="$DNS4" --listen-address="$DNS6" --bind-interfaces --user=root --group=root \
        --local=/lab.test/ --local=/golang.org/ --local=/test/ --local-ttl=30 \
        --log-queries=extra --log-facility="$sw/dnsmasq.log" --pid-file="$sw/dnsmasq.pid" \
        2>>"$sw/dnsmasq.stderr" &
    wait_port pa-dns udp 53

    # origin servers: one labsrv per name, plus sshd for git.lab.test
    for o in "${ORIGINS[@]}"; do
        set -- $o
        local name=$1 oct=$2 role=$3; shift 3
        local https="$NET4.$oct:443,[$NET6:$oct]:443" http=""
        case $name in
            plain.lab.test) https=""; http="$NET4.$oct:80,[$NET6:$oct]:80" ;;
            noise.lab.test) http="$NET4.$oct:80,[$NET6:$oct]:80" ;;
        esac
        in_ns pa-origin "$W/bin/labsrv" -role "$role" -name "$name" -https "$https" -http "$http" \
            -cert "$W/ca/srv.pem" -key "$W/ca/srv.key" -git-root "$W/git" -root "$W/reg/$name" \
            -log "$sw/origin-$name.jsonl" "$@" 2>>"$sw/origin-stderr.log" &
    done
    mkdir -p /run/sshd
    cat > "$sw/sshd_config" <<EOF
Port 22
ListenAddress $NET4.30
ListenAddress [$NET6:30]
HostKey $W/ssh/host_ed25519
PidFile $sw/sshd.pid
AuthorizedKeysFile $W/ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel VERBOSE
EOF
    in_ns pa-origin /usr/sbin/sshd -D -f "$sw/sshd_config" -E "$sw/sshd.log" &
    wait_port pa-origin tcp 443
    wait_port pa-origin tcp 22

    # squid
    mkdir -p "$sw/squid"
    cat > "$sw/squid/squid.conf" <<EOF
http_port $PROXY_PORT
http_port $PROXY_PORT2
pid_filename $sw/squid/squid.pid
cache deny all
cache_mem 8 MB
cache_store_log none
coredump_dir $sw/squid
logfile_rotate 0
netdb_filename none
shutdown_lifetime 1 seconds
dns_nameservers $DNS4
logformat lab %ts.%03tu peer=%>a:%>p local=%>la:%>lp %rm %ru status=%>Hs/%Ss upstream=%<a:%<p user=%un ua="%{User-Agent}>h"
access_log stdio:$sw/squid/access.log lab
cache_log $sw/squid/cache.log
acl lan src $NET4.0/24 $NET6:/64
acl SSL_ports port 443
acl Safe_ports port 80 443
acl CONNECT method CONNECT
http_access deny !Safe_ports
http_access deny CONNECT !SSL_ports
EOF
    if [[ $auth == auth ]]; then
        printf '%s:%s\n' "$PROXY_USER" "$(openssl passwd -apr1 "$PROXY_PASS")" > "$sw/squid/passwd"
        cat >> "$sw/squid/squid.conf" <<EOF
auth_param basic program /usr/lib/squid/basic_ncsa_auth $sw/squid/passwd
auth_param basic realm proxyaudit-lab
acl authed proxy_auth REQUIRED
http_access allow lan authed
EOF
    else
        echo "http_access allow lan" >> "$sw/squid/squid.conf"
    fi
    echo "http_access deny all" >> "$sw/squid/squid.conf"
    chown -R proxy:proxy "$sw/squid"
    in_ns pa-proxy squid -N -f "$sw/squid/squid.conf" 2>>"$sw/squid/stderr.log" &
    wait_port pa-proxy tcp "$PROXY_PORT"
    sleep 0.5
}

# ------------------------------------------------------------------ capture
# $1 = scenario dir, $2 = kind: eth | any-sll2 | nano | pcapng | snap200 | gz
CAP_PID=""
CAP_FILE=""
CAP_DESC=""
capture_start() {
    local sd=$1 kind=$2
    local tcpd=(tcpdump -Z root -U -n)
    case $kind in
        eth) CAP_FILE=$sd/capture.pcap; CAP_DESC="tcpdump -i eth0 (Ethernet, pcap, microsecond)"
            ip netns exec pa-client "${tcpd[@]}" -i eth0 -w "$CAP_FILE" 2>"$W/cap.err" & ;;
        any-sll2) CAP_FILE=$sd/capture.pcap; CAP_DESC="tcpdump -i any -y LINUX_SLL2 (Linux cooked v2, pcap; includes lo)"
            ip netns exec pa-client "${tcpd[@]}" -i any -y LINUX_SLL2 -w "$CAP_FILE" 2>"$W/cap.err" & ;;
        nano) CAP_FILE=$sd/capture.pcap; CAP_DESC="tcpdump -i eth0 --time-stamp-precision=nano (Ethernet, pcap, nanosecond magic 0xa1b23c4d)"
            ip netns exec pa-client "${tcpd[@]}" -i eth0 --time-stamp-precision=nano -w "$CAP_FILE" 2>"$W/cap.err" & ;;
        snap200) CAP_FILE=$sd/capture.pcap; CAP_DESC="tcpdump -i eth0 -s 200 (Ethernet, pcap, snap length 200: payloads truncated)"
            ip netns exec pa-client "${tcpd[@]}" -i eth0 -s 200 -w "$CAP_FILE" 2>"$W/cap.err" & ;;
        gz) CAP_FILE=$sd/capture.pcap; CAP_DESC="tcpdump -i eth0 (Ethernet, pcap) then gzip -9 -n"
            ip netns exec pa-client "${tcpd[@]}" -i eth0 -w "$CAP_FILE" 2>"$W/cap.err" & ;;
        pcapng) CAP_FILE=$sd/capture.pcapng; CAP_DESC="dumpcap -i eth0 (Ethernet, pcapng)"
            ip netns exec pa-client dumpcap -q -i eth0 -w "$CAP_FILE" 2>"$W/cap.err" & ;;
        pcapng-any) CAP_FILE=$sd/capture.pcapng; CAP_DESC="tshark -i any -w (pcapng, Linux cooked; includes lo)"
            ip netns exec pa-client tshark -q -i any -w "$CAP_FILE" 2>"$W/cap.err" & ;;
        *) die "unknown capture kind $kind" ;;
    esac
    CAP_PID=$!
    local i
    for i in $(seq 1 50); do
        grep -qiE 'listening on|capturing on' "$W/cap.err" 2>/dev/null && break
        sleep 0.1
    done
    sleep 0.5
}
capture_stop() {
    local kind=$1
    sleep 1
    kill -TERM "$CAP_PID" 2>/dev/null || true
    wait "$CAP_PID" 2>/dev/null || true
    CAP_PID=""
    if [[ $kind == gz ]]; then gzip -9 -n -f "$CAP_FILE"; CAP_FILE=$CAP_FILE.gz; fi
}

# ------------------------------------------------------------------ client commands
# Environment for every client command: nothing inherited from the host.
client_env() { # $1 = scenario work dir; prints NAME=VALUE lines of the base environment
    local sw=$1
    cat <<EOF
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=$sw/home
GOPATH=$sw/gopath
GOMODCACHE=$sw/gopath/pkg/mod
GOCACHE=$sw/gocache
GOFLAGS=-mod=mod
GOENV=off
SSL_CERT_FILE=$W/ca/ca.pem
GIT_SSL_CAINFO=$W/ca/ca.pem
GIT_CONFIG_GLOBAL=$sw/home/.gitconfig
GIT_CONFIG_NOSYSTEM=1
GIT_SSH_COMMAND=ssh -i $W/ssh/client_ed25519 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes
PIP_CERT=$W/ca/ca.pem
PIP_NO_CACHE_DIR=1
PIP_DISABLE_PIP_VERSION_CHECK=1
NODE_EXTRA_CA_CERTS=$W/ca/ca.pem
npm_config_cafile=$W/ca/ca.pem
npm_config_cache=$sw/npm-cache
npm_config_update_notifier=false
MAVEN_OPTS=$JSTORE
CARGO_HOME=$sw/cargo
CARGO_HTTP_CAINFO=$W/ca/ca.pem
EOF
}
JSTORE="-Djavax.net.ssl.trustStore=$W/ca/ca.jks -Djavax.net.ssl.trustStorePassword=changeit"

# run_client <label> <cmd...>: runs in the client namespace with ENV_EXTRA (array NAME=VALUE)
ENV_EXTRA=()
run_client() {
    local label=$1; shift
    local envs=()
    mapfile -t envs < <(client_env "$SW")
    envs+=("${ENV_EXTRA[@]}")
    { printf '$'; printf ' %q' "$@"; printf '\n'; } >> "$SW/client-$label.log"
    set +e
    (cd "$SW/app" && in_ns pa-client env -i "${envs[@]}" "$@") >> "$SW/client-$label.log" 2>&1
    local rc=$?
    set -e
    echo "exit status $rc" >> "$SW/client-$label.log"
    log "  $label: exit $rc"
    printf '%s\n' "${ENV_EXTRA[@]}" > "$SW/env-$label.txt"
    return 0
}

go_version() { go version | awk '{print $3}'; }

new_app() {
    mkdir -p "$SW/app" "$SW/home"
    : > "$SW/home/.gitconfig"
    printf 'module lab.test/app\n\ngo 1.19\n' > "$SW/app/go.mod"
    printf 'package main\n\nfunc main() {}\n' > "$SW/app/main.go"
    # one project per package manager, each depending on the lab registries' one package (lab/make-registries.py)
    mkdir -p "$SW/app/npm" "$SW/app/mvn" "$SW/app/crate/src"
    printf '{"name": "app", "version": "1.0.0", "private": true, "dependencies": {"labpkg": "1.0.0"}}\n' > "$SW/app/npm/package.json"
    printf '<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <parent><groupId>org.lab</groupId><artifactId>lab-parent</artifactId><version>1.0</version></parent>\n  <artifactId>app</artifactId>\n</project>\n' > "$SW/app/mvn/pom.xml"
    printf '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nlabcrate = "1"\n' > "$SW/app/crate/Cargo.toml"
    echo 'fn main() {}' > "$SW/app/crate/src/main.rs"
}

# ------------------------------------------------------------------ scenarios
# Each scenario: set FAMILY/AUTH/CAPTURE, then body runs between capture start and stop, and
# writes $SW/spec.json (expected hosts: verdict + rule) for lab/make-truth.py.
P=http://proxy.lab.test:$PROXY_PORT

sc_a-http-proxy-only() {
    DESC="Only HTTP_PROXY is set. cmd/go's https fetches (proxy.golang.org, sum.golang.org) go network-direct: Go >= 1.16 uses HTTPS_PROXY only for https URLs."
    CAPTURE=eth; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTP_PROXY=$P" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0
    }
    EXPECT='[
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"direct-bypass","why":"semantics 1.3: https request, HTTPS_PROXY/https_proxy unset; HTTP_PROXY is not used for https since Go 1.16 (GO_HTTPS_PROXY_UNSET)"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"direct-bypass","why":"semantics 1.3 + 2.4: proxy.golang.org answered 404 to /sumdb/sum.golang.org/supported, so cmd/go contacts sum.golang.org itself over https; no HTTPS proxy variable (GO_HTTPS_PROXY_UNSET)"}
]'
}

sc_b-https-proxy() {
    DESC="HTTPS_PROXY (and HTTP_PROXY) set: every cmd/go fetch goes through a CONNECT tunnel of the proxy; no DNS lookup of the targets by the client."
    CAPTURE=any-sll2; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTP_PROXY=$P" "HTTPS_PROXY=$P" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0 lab.test/nightly@latest
    }
    EXPECT='[
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 1.3/1.6: https request, HTTPS_PROXY set, no NO_PROXY -> CONNECT proxy.golang.org:443"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 2.4: sumdb reached after /supported 404, still Go HTTP client -> HTTPS_PROXY applies"}
]'
}

sc_c-no-proxy-exemptions() {
    DESC="HTTPS_PROXY set with NO_PROXY='sum.golang.org,.lab.test,10.77.0.0/24': exact host (sum.golang.org), leading-dot suffix (git.lab.test for Go and for git/curl), CIDR (GOPROXY entry given as the IP literal https://10.77.0.23, which answers 404). proxy.golang.org stays proxied."
    CAPTURE=pcapng; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTPS_PROXY=$P" "NO_PROXY=sum.golang.org,.lab.test,$NET4.0/24"
            "GOPROXY=https://$NET4.23,https://proxy.golang.org,direct" "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0 git.lab.test/team/lib@v1.0.0
    }
    EXPECT='[
 {"host":"10.77.0.23","port":443,"scheme":"https","client":"go","log":"mirror-a.lab.test","ua":"Go-http-client","expected_verdict":"direct-exempt","why":"semantics 1.5: IP-literal host inside NO_PROXY CIDR 10.77.0.0/24 (GO_NOPROXY_CIDR); answers 404 so the list falls through (2.2)"},
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 1.5: no NO_PROXY element matches proxy.golang.org"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"direct-exempt","why":"semantics 1.5: NO_PROXY element sum.golang.org equals the host (GO_NOPROXY_DOMAIN)"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"direct-exempt","why":"semantics 1.5: ?go-get=1 discovery; .lab.test matches the subdomain git.lab.test (GO_NOPROXY_SUBDOMAIN)"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"git","log":"git.lab.test","ua":"git/","expected_verdict":"direct-exempt","why":"semantics 3.1: git/curl reads NO_PROXY, .lab.test matches git.lab.test (CURL_NOPROXY_DOMAIN)"}
]'
}

sc_d-lowercase-vars() {
    DESC="Only lower-case variables: https_proxy, http_proxy, no_proxy=sum.golang.org. Go and git both honour lower case (Go reads upper first, then lower)."
    CAPTURE=nano; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("http_proxy=$P" "https_proxy=$P" "no_proxy=sum.golang.org" "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0 git.lab.test/team/lib@v1.0.0
    }
    EXPECT='[
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 1.2: HTTPS_PROXY empty/unset, https_proxy used"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"direct-exempt","why":"semantics 1.2/1.5: no_proxy read when NO_PROXY unset; sum.golang.org matches (GO_NOPROXY_DOMAIN)"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 1.2: https_proxy; GOPRIVATE only skips the module proxy, not the network proxy (2.2)"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"git","log":"git.lab.test","ua":"git/","expected_verdict":"proxied","why":"semantics 3.1: git reads https_proxy for https remotes"}
]'
}

sc_e1-goprivate-git-via-proxy() {
    DESC="GOPRIVATE=git.lab.test with HTTPS_PROXY set: the module proxy is never asked; ?go-get=1 discovery (Go) and the git clone over https (git/curl) both go through CONNECT."
    CAPTURE=eth; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTPS_PROXY=$P" "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x git.lab.test/team/lib@v1.0.0
    }
    EXPECT='[
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 2.2/2.5: GONOPROXY(=GOPRIVATE) match -> origin fetch; ?go-get=1 by Go HTTP client, HTTPS_PROXY applies"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"git","log":"git.lab.test","ua":"git/","expected_verdict":"proxied","why":"semantics 3.1: git https remote, HTTPS_PROXY env (no http.proxy config)"}
]'
}

sc_e2-git-only-http-proxy() {
    DESC="GOPRIVATE=git.lab.test with only HTTP_PROXY set: ?go-get=1 (Go, https) and git over https both go direct, since neither uses HTTP_PROXY for https URLs."
    CAPTURE=eth; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTP_PROXY=$P" "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x git.lab.test/team/lib@v1.0.0
    }
    EXPECT='[
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"direct-bypass","why":"semantics 1.3: https request with only HTTP_PROXY (GO_HTTPS_PROXY_UNSET)"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"git","log":"git.lab.test","ua":"git/","expected_verdict":"direct-bypass","why":"semantics 3.1: git https remote reads HTTPS_PROXY/https_proxy then ALL_PROXY only; HTTP_PROXY is never used"}
]'
}

sc_f-goproxy-fallback() {
    DESC="GOPROXY=https://mirror-a.lab.test,https://mirror-b.lab.test,https://proxy.golang.org,direct; mirror-a answers 404, mirror-b 410, so cmd/go falls through to proxy.golang.org (and the sumdb /supported probe walks the same list). No proxy variables at all."
    CAPTURE=gz; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("GOPROXY=https://mirror-a.lab.test,https://mirror-b.lab.test,https://proxy.golang.org,direct" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0
    }
    EXPECT='[
 {"host":"mirror-a.lab.test","port":443,"scheme":"https","client":"go","log":"mirror-a.lab.test","ua":"Go-http-client","expected_verdict":"direct-unproxied","why":"no proxy variable set; 404 -> next entry (2.2 GOPROXY_FALLBACK_404)"},
 {"host":"mirror-b.lab.test","port":443,"scheme":"https","client":"go","log":"mirror-b.lab.test","ua":"Go-http-client","expected_verdict":"direct-unproxied","why":"no proxy variable set; 410 -> next entry (2.2)"},
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"direct-unproxied","why":"no proxy variable set; serves the module"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"direct-unproxied","why":"no proxy variable set; all /supported probes 404/410 -> direct to sum.golang.org (2.4)"}
]'
}

sc_g1-plain-goproxy-via-proxy() {
    DESC="Plain-HTTP module proxy GOPROXY=http://plain.lab.test with HTTP_PROXY and HTTPS_PROXY: absolute-URI GETs to squid; the sumdb (after /supported 404 on plain.lab.test) through CONNECT."
    CAPTURE=eth; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTP_PROXY=$P" "HTTPS_PROXY=$P" "GOPROXY=http://plain.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0
    }
    EXPECT='[
 {"host":"plain.lab.test","port":80,"scheme":"http","client":"go","log":"plain.lab.test","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 1.3/2.1: http URL (DefaultSecurity allows it), HTTP_PROXY set -> absolute-URI GET to the proxy"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 2.4: /supported 404 on the only list entry -> sum.golang.org over https; HTTPS_PROXY applies"}
]'
}

sc_g2-plain-goproxy-no-proxy() {
    DESC="Same as g1 but NO_PROXY=plain.lab.test: the plain-HTTP module proxy is reached directly, the sumdb still through CONNECT."
    CAPTURE=eth; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTP_PROXY=$P" "HTTPS_PROXY=$P" "NO_PROXY=plain.lab.test" "GOPROXY=http://plain.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0
    }
    EXPECT='[
 {"host":"plain.lab.test","port":80,"scheme":"http","client":"go","log":"plain.lab.test","ua":"Go-http-client","expected_verdict":"direct-exempt","why":"semantics 1.5: NO_PROXY element equals the host (GO_NOPROXY_DOMAIN)"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 2.4 + 1.5: no NO_PROXY match for sum.golang.org"}
]'
}

sc_h-proxy-basic-auth() {
    DESC="Squid requires Basic auth; HTTPS_PROXY=http://labuser:***@proxy.lab.test:3128. Go sends Proxy-Authorization on CONNECT; git/curl too. The capture contains the credential in clear text (lab password, not a secret)."
    CAPTURE=eth; FAMILY=v4; AUTH=auth
    body() {
        local pa=http://$PROXY_USER:$PROXY_PASS@proxy.lab.test:$PROXY_PORT
        ENV_EXTRA=("HTTPS_PROXY=$pa" "HTTP_PROXY=$pa" "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0 git.lab.test/team/lib@v1.0.0
    }
    EXPECT='[
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"HTTPS_PROXY with user info; Go adds Proxy-Authorization: Basic to CONNECT"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"as above (2.4)"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"proxied","why":"?go-get=1 over HTTPS_PROXY"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"git","log":"git.lab.test","ua":"git/","expected_verdict":"proxied","why":"semantics 3.1: git https remote, HTTPS_PROXY with credentials"}
]'
}

sc_i-ipv6() {
    DESC="IPv6-only client (fd00:77::10, AAAA answers). HTTPS_PROXY=http://proxy.lab.test:3128 (reached over IPv6), NO_PROXY='fd00:77::/64,sum.golang.org', GOPROXY first entry is the IPv6 literal https://[fd00:77::23] (404)."
    CAPTURE=pcapng; FAMILY=v6only; AUTH=""
    body() {
        ENV_EXTRA=("HTTPS_PROXY=$P" "NO_PROXY=$NET6:/64,sum.golang.org"
            "GOPROXY=https://[$NET6:23],https://proxy.golang.org,direct" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0
    }
    EXPECT='[
 {"host":"fd00:77::23","port":443,"scheme":"https","client":"go","log":"mirror-a.lab.test","ua":"Go-http-client","expected_verdict":"direct-exempt","why":"semantics 1.5: IPv6 literal (brackets removed) inside NO_PROXY CIDR fd00:77::/64 (GO_NOPROXY_CIDR); 404 -> next"},
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"no NO_PROXY match for the name (a CIDR never matches a name, 1.5)"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"direct-exempt","why":"semantics 1.5: NO_PROXY element sum.golang.org"}
]'
}

sc_j-busy-mixed() {
    DESC="Busy run: go get (module proxy, sumdb, go-get, git) through the proxy while curl loops hit noise.lab.test over http and https (exempt by NO_PROXY), curl fetches www.lab.test through the proxy, a python loop resolves random names (NXDOMAIN noise) and ping runs."
    CAPTURE=pcapng-any; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTP_PROXY=$P" "HTTPS_PROXY=$P" "http_proxy=$P" "https_proxy=$P" "NO_PROXY=noise.lab.test" "no_proxy=noise.lab.test"
            "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client noise-curl bash -c 'for i in $(seq 1 12); do curl -s -o /dev/null http://noise.lab.test/p$i; curl -s -o /dev/null https://noise.lab.test/s$i; sleep 0.4; done' &
        local n1=$!
        run_client noise-dns python3 -c '
import socket, random, time
for i in range(25):
    n = "h%05d.noise.lab.test" % random.randrange(100000)
    try: socket.getaddrinfo(n, 80)
    except OSError: pass
    time.sleep(0.2)' &
        local n2=$!
        run_client noise-ping ping -c 5 -i 0.5 noise.lab.test &
        local n3=$!
        run_client curl-www curl -s -o /dev/null https://www.lab.test/index.html
        run_client go go get -x lab.test/greet@v1.1.0 git.lab.test/team/lib@v1.0.0
        wait $n1 $n2 $n3
    }
    EXPECT='[
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"HTTPS_PROXY, no NO_PROXY match"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"proxied","why":"HTTPS_PROXY, no NO_PROXY match"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"proxied","why":"?go-get=1 via HTTPS_PROXY"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"git","log":"git.lab.test","ua":"git/","expected_verdict":"proxied","why":"git https remote, https_proxy"},
 {"host":"www.lab.test","port":443,"scheme":"https","client":"curl","log":"www.lab.test","ua":"curl/","expected_verdict":"proxied","why":"curl reads https_proxy; no no_proxy match"},
 {"host":"noise.lab.test","port":80,"scheme":"http","client":"curl","log":"noise.lab.test","ua":"curl/","listen_port":80,"expected_verdict":"direct-exempt","why":"curl http: http_proxy set but no_proxy=noise.lab.test matches (CURL_NOPROXY_DOMAIN)"},
 {"host":"noise.lab.test","port":443,"scheme":"https","client":"curl","log":"noise.lab.test","ua":"curl/","listen_port":443,"expected_verdict":"direct-exempt","why":"curl https: no_proxy=noise.lab.test matches"}
]'
}

sc_k-firewall-hang() {
    DESC="Only HTTP_PROXY set, and a firewall (nftables bridge filter in the lab's bridge namespace, i.e. the router) drops direct TCP to proxy.golang.org:443: cmd/go goes direct (HTTP_PROXY is not used for https), the SYNs are retransmitted and the command hangs until 'timeout 20' kills it."
    CAPTURE=eth; FAMILY=v4; AUTH=""
    body() {
        # the "router": the bridge namespace drops client -> proxy.golang.org:443 (after the client's
        # capture point, so the SYN retransmissions are on the wire)
        in_ns pa-br nft -f - <<EOF
table bridge lab_fw {
    chain lab_forward {
        type filter hook forward priority 0; policy accept;
        ip saddr $CLIENT4 ip daddr $NET4.21 tcp dport 443 counter drop
    }
}
EOF
        ENV_EXTRA=("HTTP_PROXY=$P" "GOSUMDB=$SUMDB_KEY")
        run_client go timeout 20 go get -x lab.test/greet@v1.1.0
        in_ns pa-br nft list ruleset > "$SW/nft-ruleset.txt"
    }
    EXPECT='[
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"direct-bypass","why":"semantics 1.3: https with only HTTP_PROXY -> direct; the firewall drops it (SYN retransmissions, no answer)","evidence_extra":"nft"}
]'
}

sc_l-git-ssh-insteadof() {
    DESC="GOPRIVATE=git.lab.test, HTTPS_PROXY set, and git config url.ssh://root@git.lab.test/<root>/.insteadOf=https://git.lab.test/: ?go-get=1 goes through the proxy, the clone goes over ssh to port 22 directly (the proxy variables do not apply to ssh). Short snap length."
    CAPTURE=snap200; FAMILY=v4; AUTH=""
    body() {
        git config --file "$SW/home/.gitconfig" "url.ssh://root@git.lab.test$W/git/.insteadOf" "https://git.lab.test/"
        cp "$SW/home/.gitconfig" "$SW/gitconfig.txt"
        ENV_EXTRA=("HTTPS_PROXY=$P" "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x git.lab.test/team/lib@v1.0.0
    }
    EXPECT='[
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"proxied","why":"?go-get=1 by the Go HTTP client via HTTPS_PROXY"},
 {"host":"git.lab.test","port":22,"scheme":"ssh","client":"git","log":"sshd","expected_verdict":"direct-bypass","why":"semantics 3.2 / 6.2 GIT_SSH_TRANSPORT: insteadOf rewrites the https remote to ssh://; ssh ignores the proxy variables although a proxy is configured"}
]'
}

sc_n-empty-lowercase-var() {
    DESC="HTTPS_PROXY set and https_proxy set but empty. Go skips empty values and uses HTTPS_PROXY; git takes the later-read lower-case variable even when empty, so the clone goes direct."
    CAPTURE=nano; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTPS_PROXY=$P" "https_proxy=" "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x git.lab.test/team/lib@v1.0.0
    }
    EXPECT='[
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"proxied","why":"semantics 1.2 / T54: getEnvAny skips empty values; HTTPS_PROXY used"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"git","log":"git.lab.test","ua":"git/","expected_verdict":"direct-bypass","why":"semantics 3.1 point 3 / T55: git reads HTTPS_PROXY then https_proxy; the set-but-empty https_proxy wins and disables the proxy (GIT_HTTP_PROXY_EMPTY) although a proxy is configured"}
]'
}

sc_o-all-proxy-only() {
    DESC="Only ALL_PROXY is set. Go never reads ALL_PROXY, so every cmd/go fetch goes direct; git/libcurl uses ALL_PROXY for its https remote."
    CAPTURE=pcapng; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("ALL_PROXY=$P" "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0 git.lab.test/team/lib@v1.0.0
    }
    EXPECT='[
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"direct-bypass","why":"semantics 1.2 / T8: Go ignores ALL_PROXY (GO_ALL_PROXY_IGNORED)"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"direct-bypass","why":"semantics 1.2: Go ignores ALL_PROXY"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"direct-bypass","why":"semantics 1.2: ?go-get=1 by Go; ALL_PROXY ignored"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"git","log":"git.lab.test","ua":"git/","expected_verdict":"proxied","why":"semantics 3.1 point 2 / T9: git falls back to ALL_PROXY/all_proxy when no https variable is set (GIT_ALL_PROXY)"}
]'
}

sc_p-upper-lower-conflict() {
    DESC="HTTPS_PROXY=http://proxy.lab.test:3128 and https_proxy=http://proxy.lab.test:3129 (two listeners of one squid): Go takes the upper-case value (3128), git takes the lower-case one (3129)."
    CAPTURE=any-sll2; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("HTTPS_PROXY=$P" "https_proxy=http://proxy.lab.test:$PROXY_PORT2" "GOPRIVATE=git.lab.test" "GOSUMDB=$SUMDB_KEY")
        run_client go go get -x lab.test/greet@v1.1.0 git.lab.test/team/lib@v1.0.0
    }
    EXPECT='[
 {"host":"proxy.golang.org","port":443,"scheme":"https","client":"go","log":"proxy.golang.org","ua":"Go-http-client","expected_verdict":"proxied","expected_proxy_port":3128,"why":"semantics 1.2 / T5: Go reads HTTPS_PROXY first (upper case wins)"},
 {"host":"sum.golang.org","port":443,"scheme":"https","client":"go","log":"sum.golang.org","ua":"Go-http-client","expected_verdict":"proxied","expected_proxy_port":3128,"why":"semantics 1.2 / T5: upper case wins in Go"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"go","log":"git.lab.test","ua":"Go-http-client","expected_verdict":"proxied","expected_proxy_port":3128,"why":"semantics 1.2 / T5: upper case wins in Go"},
 {"host":"git.lab.test","port":443,"scheme":"https","client":"git","log":"git.lab.test","ua":"git/","expected_verdict":"proxied","expected_proxy_port":3129,"why":"semantics 3.1 / T6: git applies https_proxy after HTTPS_PROXY (lower case wins)"}
]'
}

# ------------------------------------------------------------------ package managers (issue 19)
# Each runs against its registry's lab server (lab/make-registries.py) with the scenario's one environment, as the
# steps of one CI job would. Debian's programs: python3 -m pip, mvn, cargo; the machine's node 20 and npm.
NODE_FETCH='fetch("https://registry.npmjs.org/labpkg").then(r => r.text()).then(t => console.log("fetched", t.length), e => { console.error(e); process.exit(1); })'
MVN_POM=https://repo.maven.apache.org/maven2/org/lab/lab-parent/1.0/lab-parent-1.0.pom
registry_client() { # label
    case $1 in
        pip) run_client pip /usr/bin/python3 -m pip download --no-deps -d "$SW/pip-dl" --index-url https://pypi.org/simple/ labpkg ;;
        npm) run_client npm npm install --prefix npm --no-audit --no-fund ;;
        node) run_client node node -e "$NODE_FETCH" ;;
        maven) run_client maven mvn -B -f mvn/pom.xml -Dmaven.repo.local="$SW/m2" validate ;;
        java) run_client java java $JSTORE "$HERE/LabFetch.java" httpclient "$MVN_POM" ;;
        cargo) run_client cargo /usr/bin/cargo fetch --manifest-path crate/Cargo.toml ;;
    esac
}
# a scenario of package managers: REG_CLIENTS run one after the other with the environment REG_ENV
registry_scenario() {
    CAPTURE=eth; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=("${REG_ENV[@]}")
        local c; for c in "${REG_CLIENTS[@]}"; do registry_client "$c"; done
    }
}
# truth entries: <client> <verdict> <why> for each host the client asks. Only cargo names itself in its CONNECT
# requests (pip, npm and the JVM send no User-Agent there), so the others' proxy lines are picked by host and port.
reg_expect() { # client verdict why [proxy port]
    local c=$1 v=$2 why=$3 port=${4:-} hosts ua extra="" pua=""
    case $c in
        pip) hosts="pypi.org files.pythonhosted.org"; ua='^pip/' ;;
        npm) hosts="registry.npmjs.org"; ua='^npm/' ;;
        node) hosts="registry.npmjs.org"; ua='^node$' ;;
        maven) hosts="repo.maven.apache.org"; ua='^Apache-Maven/' ;;
        java) hosts="repo.maven.apache.org"; ua='^Java-http-client/' ;;
        cargo) hosts="github.com static.crates.io"; ua='(^git/1.0 \\(git2-curl|^cargo )'; pua=$ua ;;
    esac
    [[ -z $port ]] || extra=",\"expected_proxy_port\":$port"
    local h
    for h in $hosts; do
        printf ' {"host":"%s","port":443,"scheme":"https","client":"%s","log":"%s","ua":"","ua_re":"%s","proxy_ua_re":"%s","expected_verdict":"%s","why":"%s"%s},\n' \
            "$h" "$c" "$h" "$ua" "$pua" "$v" "$why" "$extra"
    done
}
expect_list() { printf '[\n%s\n]' "$(cat | sed '$ s/,$//')"; }

PIP_ENV_WHY="pip (vendored requests, urllib.request getproxies_environment): every *_proxy variable, names lower-cased"
NPM_ENV_WHY="npm (@npmcli/agent lib/proxy.js): no https-proxy config, so https_proxy/HTTPS_PROXY from the environment, names lower-cased"
NODE_WHY="Node 20 fetch (undici) reads no proxy variable at all (only Node >= 24 with NODE_USE_ENV_PROXY does)"
JVM_WHY="the JVM reads no proxy variable: only the https.proxyHost/https.proxyPort system properties (sun.net.spi.DefaultProxySelector)"
CARGO_ENV_WHY="cargo sets no proxy (no http.proxy, CARGO_HTTP_PROXY or git http.proxy), so libcurl reads https_proxy, then HTTPS_PROXY itself (lib/url.c detect_proxy)"

sc_r1-registries-https-proxy() {
    DESC="One CI job's environment HTTPS_PROXY and HTTP_PROXY (upper case) for pip download, npm install, a Node fetch(), mvn validate (parent POM), a Java HttpClient GET and cargo fetch (Debian 0.66, git index on github.com): pip, npm and cargo use the proxy; Node's fetch, Maven and Java go direct."
    REG_ENV=("HTTPS_PROXY=$P" "HTTP_PROXY=$P")
    REG_CLIENTS=(pip npm node maven java cargo)
    registry_scenario
    EXPECT=$({ reg_expect pip proxied "$PIP_ENV_WHY: HTTPS_PROXY"
        reg_expect npm proxied "$NPM_ENV_WHY: HTTPS_PROXY"
        reg_expect node direct-bypass "$NODE_WHY, although HTTPS_PROXY is set"
        reg_expect maven direct-bypass "Maven: $JVM_WHY and settings.xml has no proxies, although HTTPS_PROXY is set"
        reg_expect java direct-bypass "java.net.http.HttpClient: $JVM_WHY, although HTTPS_PROXY is set"
        reg_expect cargo proxied "$CARGO_ENV_WHY: HTTPS_PROXY"; } | expect_list)
}

sc_r2-registries-jvm-properties() {
    DESC="The fix for the JVM: HTTPS_PROXY plus JAVA_TOOL_OPTIONS='-Dhttps.proxyHost=proxy.lab.test -Dhttps.proxyPort=3128' for mvn validate and a Java HttpClient GET."
    REG_ENV=("HTTPS_PROXY=$P" "JAVA_TOOL_OPTIONS=-Dhttps.proxyHost=proxy.lab.test -Dhttps.proxyPort=$PROXY_PORT")
    REG_CLIENTS=(maven java)
    registry_scenario
    EXPECT=$({ reg_expect maven proxied "Maven's wagon-http: the https.proxyHost system property from JAVA_TOOL_OPTIONS"
        reg_expect java proxied "java.net.http.HttpClient: the default ProxySelector reads https.proxyHost/https.proxyPort (JAVA_TOOL_OPTIONS)"; } | expect_list)
}

sc_s-registries-case-conflict() {
    DESC="HTTPS_PROXY=http://proxy.lab.test:3128 and https_proxy=http://proxy.lab.test:3129 (two listeners of one squid) for pip, npm and cargo: which spelling each one takes."
    REG_ENV=("HTTPS_PROXY=$P" "https_proxy=http://proxy.lab.test:$PROXY_PORT2")
    REG_CLIENTS=(pip npm cargo)
    registry_scenario
    EXPECT=$({ reg_expect pip proxied "urllib.request getproxies_environment: a second pass over the lower-case names overrides, so https_proxy wins" 3129
        reg_expect npm proxied "@npmcli/agent: the environment is read in order with names lower-cased, the later https_proxy overwrites HTTPS_PROXY" 3129
        reg_expect cargo proxied "libcurl detect_proxy: https_proxy is read first, HTTPS_PROXY only when it is unset" 3129; } | expect_list)
}

sc_t-registries-empty-lowercase() {
    DESC="HTTPS_PROXY set and https_proxy set but empty, for pip, npm and cargo: an empty lower-case variable switches pip's and npm's proxy off."
    REG_ENV=("HTTPS_PROXY=$P" "https_proxy=")
    REG_CLIENTS=(pip npm cargo)
    registry_scenario
    EXPECT=$({ reg_expect pip direct-bypass "urllib.request getproxies_environment: an empty lower-case https_proxy removes the https entry (the second pass pops it), although HTTPS_PROXY is set"
        reg_expect npm direct-bypass "@npmcli/agent: the later, empty https_proxy overwrites HTTPS_PROXY, and an empty value means no proxy"
        reg_expect cargo proxied "libcurl detect_proxy: an empty https_proxy counts as unset, HTTPS_PROXY is used"; } | expect_list)
}

sc_u-registries-no-proxy() {
    DESC="HTTPS_PROXY with NO_PROXY='pypi.org,.npmjs.org,static.crates.io' for pip, npm, a Node fetch() and cargo: exact names and a leading-dot suffix exempt pypi.org, registry.npmjs.org and static.crates.io; files.pythonhosted.org and github.com stay proxied; Node's fetch goes direct anyway."
    REG_ENV=("HTTPS_PROXY=$P" "NO_PROXY=pypi.org,.npmjs.org,static.crates.io")
    REG_CLIENTS=(pip npm node cargo)
    registry_scenario
    EXPECT=$({ reg_expect pip direct-exempt "urllib.request proxy_bypass_environment / requests should_bypass_proxies: pypi.org equals a NO_PROXY entry" | sed 1q
        reg_expect pip proxied "no NO_PROXY entry matches files.pythonhosted.org" | sed 1d
        reg_expect npm direct-exempt "@npmcli/agent: .npmjs.org in NO_PROXY matches registry.npmjs.org"
        reg_expect node direct-bypass "$NODE_WHY, although HTTPS_PROXY is set"
        reg_expect cargo proxied "libcurl: github.com matches no NO_PROXY entry" | sed 1q
        reg_expect cargo direct-exempt "libcurl check_noproxy: static.crates.io equals a NO_PROXY entry" | sed 1d; } | expect_list)
}

# ------------------------------------------------------------------ docker pull (issue 19)
# Debian's dockerd runs in the client namespace with an environment of its own (what a systemd drop-in's
# Environment= gives docker.service), the docker CLI with the job's (ENV_EXTRA): the CLI only asks the daemon over
# its Unix socket (not in the capture), and the daemon connects to the registry. vfs and no bridge or iptables: the
# daemon needs nothing of the host. Its environment is logged as env-dockerd.txt (truth.json "env").
DOCKERD_PID=""
dockerd_start() { # NAME=VALUE...: the daemon's own proxy variables
    local d=$SW/docker i
    mkdir -p "$d"; echo '{}' > "$d/daemon.json"
    local envs=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "HOME=$SW/home"
        "SSL_CERT_FILE=$W/ca/ca.pem" "$@")
    printf '%s\n' "$@" > "$SW/env-dockerd.txt"
    { printf '$ env -i'; printf ' %q' "${envs[@]}"; printf ' dockerd ...\n'; } >> "$SW/client-dockerd.log"
    # not ip netns exec: its fresh /sys hides the cgroup mounts dockerd needs; the namespace's resolver files are
    # bind-mounted by hand in a mount namespace of dockerd's own instead
    nsenter --net=/run/netns/pa-client unshare -m sh -c 'for f in resolv.conf nsswitch.conf hosts; do
            mount --bind "/etc/netns/pa-client/$f" "/etc/$f"; done; exec "$@"' sh \
        env -i "${envs[@]}" dockerd --config-file "$d/daemon.json" --data-root "$d/root" \
        --exec-root "$d/exec" --pidfile "$d/dockerd.pid" -H "unix://$d/docker.sock" --storage-driver vfs \
        --iptables=false --ip6tables=false --bridge=none --ip-forward=false --ip-masq=false \
        >> "$SW/client-dockerd.log" 2>&1 &
    DOCKERD_PID=$!
    for i in $(seq 1 100); do [[ -S $d/docker.sock ]] && return 0; sleep 0.1; done
    die "dockerd did not start (see $SW/client-dockerd.log)"
}
dockerd_stop() {
    kill -TERM "$DOCKERD_PID" 2>/dev/null || true
    wait "$DOCKERD_PID" 2>/dev/null || true
}
docker_scenario() { # the daemon's environment
    CAPTURE=eth; FAMILY=v4; AUTH=""
    DOCKERD_ENV=("$@")
    body() {
        dockerd_start "${DOCKERD_ENV[@]}"
        ENV_EXTRA=("${REG_ENV[@]}")
        run_client docker docker -H "unix://$SW/docker/docker.sock" pull labimg:1.0
        dockerd_stop
    }
}
DOCKER_WHY="docker pull is made by dockerd with the daemon's own environment (moby daemon/daemon.go, registry/registry.go: Go's http.ProxyFromEnvironment in the daemon); the job's variables reach only the docker CLI, which asks the daemon over its Unix socket"

sc_v1-docker-job-proxy() {
    DESC="The CI job sets HTTPS_PROXY and HTTP_PROXY and runs docker pull labimg:1.0 (docker CLI 28.2). The pull is made by Debian's dockerd 20.10, whose own environment names no proxy, so it connects to registry-1.docker.io directly: the job's variables reach only the CLI, which talks to the daemon over its Unix socket."
    REG_ENV=("HTTPS_PROXY=$P" "HTTP_PROXY=$P")
    docker_scenario
    EXPECT='[
 {"host":"registry-1.docker.io","port":443,"scheme":"https","client":"docker","log":"registry-1.docker.io","ua":"","ua_re":"^docker/","expected_verdict":"direct-bypass","why":"'"$DOCKER_WHY"': the daemon has no proxy variable, although the job sets HTTPS_PROXY"}
]'
}

sc_v2-docker-daemon-proxy() {
    DESC="The fix: dockerd itself started with HTTPS_PROXY (as a systemd drop-in for docker.service gives it); the job sets HTTPS_PROXY too. The daemon pulls labimg:1.0 from registry-1.docker.io through the proxy (CONNECT)."
    REG_ENV=("HTTPS_PROXY=$P")
    docker_scenario "HTTPS_PROXY=$P"
    EXPECT='[
 {"host":"registry-1.docker.io","port":443,"scheme":"https","client":"docker","log":"registry-1.docker.io","ua":"","ua_re":"^docker/","proxy_ua_re":"","expected_verdict":"proxied","why":"'"$DOCKER_WHY"': the daemon has HTTPS_PROXY in its own environment"}
]'
}

chromium_cmd() {
    echo chromium --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-features=MediaRouter,OptimizationHints --ignore-certificate-errors \
        --user-data-dir="$SW/chromium-profile" "$@"
}

sc_m1-chromium-pq-direct() {
    DESC="Debian chromium (headless) fetches https://www.lab.test/ directly, no proxy configured. Its ClientHello carries an X25519MLKEM768 key share (> 1 MSS, two TCP segments)."
    CAPTURE=eth; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=()
        # shellcheck disable=SC2046
        run_client chromium timeout 60 $(chromium_cmd --dump-dom https://www.lab.test/pq-direct)
    }
    EXPECT='[
 {"host":"www.lab.test","port":443,"scheme":"https","client":"chromium","log":"www.lab.test","ua":"Chrome","expected_verdict":"direct-unproxied","why":"no proxy configured (no --proxy-server, no proxy variables)"}
]'
}

sc_m2-chromium-pq-connect() {
    DESC="Debian chromium (headless) with --proxy-server=http://proxy.lab.test:3128 fetches https://www.lab.test/ through a CONNECT tunnel; the post-quantum ClientHello spans two TCP segments inside the tunnel."
    CAPTURE=pcapng; FAMILY=v4; AUTH=""
    body() {
        ENV_EXTRA=()
        # shellcheck disable=SC2046
        run_client chromium timeout 60 $(chromium_cmd --proxy-server=$P --dump-dom https://www.lab.test/pq-connect)
    }
    EXPECT='[
 {"host":"www.lab.test","port":443,"scheme":"https","client":"chromium","log":"www.lab.test","ua":"Chrome","expected_verdict":"proxied","why":"--proxy-server=http://proxy.lab.test:3128 -> CONNECT www.lab.test:443"}
]'
}

# ------------------------------------------------------------------ driver
run_scenario() {
    local sc=$1
    declare -F "sc_$sc" >/dev/null || die "unknown scenario $sc (try --list)"
    log "=== $sc"
    SW=$W/run/$sc
    rm -rf "$SW"; mkdir -p "$SW"; chmod 755 "$SW"
    "sc_$sc"
    new_app
    lab_up "$SW" "$FAMILY" "$AUTH"
    local sd=$SAMPLES/$sc
    rm -rf "$sd"; mkdir -p "$sd"
    capture_start "$sd" "$CAPTURE"
    local t0; t0=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    body
    capture_stop "$CAPTURE"
    # effective cmd/go settings for the go command's environment (no network use; after the capture)
    if [[ -f $SW/env-go.txt ]]; then
        mapfile -t ENV_EXTRA < "$SW/env-go.txt"
        run_client goenv go env GOPROXY GONOPROXY GOSUMDB GONOSUMDB GOPRIVATE GOINSECURE GOVCS GOFLAGS
        rm -f "$SW/env-goenv.txt"
    fi
    lab_down
    printf '%s\n' "$EXPECT" > "$SW/expect.json"
    python3 "$HERE/make-truth.py" --scenario "$sc" --work "$SW" --out "$sd" --capture "$CAP_FILE" \
        --capture-desc "$CAP_DESC" --description "$DESC" --go-version "$([[ -f $SW/env-go.txt ]] && go_version || echo none)" \
        --git-version "$(git --version | awk '{print $3}')" --started "$t0" --family "$FAMILY" \
        --proxy-pass "$PROXY_PASS"
}

main() {
    if [[ ${1:-} == --list ]]; then printf '%s\n' "${SCENARIOS[@]}"; exit 0; fi
    [[ $(id -u) -eq 0 ]] || die "needs root (network namespaces)"
    local t
    for t in ip ethtool go git tcpdump dumpcap tshark dnsmasq squid sshd nft curl openssl chromium python3 capinfos keytool; do
        command -v "$t" >/dev/null || die "missing $t (apt-get install iproute2 ethtool golang-go git tcpdump tshark dnsmasq squid openssh-server nftables curl openssl chromium python3)"
    done
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    prepare
    local list=("$@")
    [[ ${#list[@]} -gt 0 ]] || list=("${SCENARIOS[@]}")
    for t in "${list[@]}"; do run_scenario "$t"; done
    python3 "$HERE/make-readme.py" "$SAMPLES" || log "README table not regenerated"
    python3 "$HERE/check-captures.py" "$SAMPLES" >"$W/check.txt" || { cat "$W/check.txt" >&2; die "capture cross-check failed"; }
    log "done"
}

main "$@"; exit $?   # one line: editing this file during a run cannot affect the run
