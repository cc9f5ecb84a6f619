#!/usr/bin/env bash
# JA4 of the real HTTP clients on this machine (Debian 12 + the machine's own toolchains): each program fetches
# one URL of its registry name from a lab TLS server (lab/labsrv, role web, private CA) inside a network namespace
# of its own; tcpdump records loopback; the ClientHello's JA4 is computed by proxyaudit itself (flows --format
# json, field tls.ja4) and, independently, by FoxIO's ja4plus (PyPI). tshark 4.0 (Debian 12) has no JA4 field
# (tls.handshake.ja4 arrived in Wireshark 4.2), so ja4plus is the second opinion.
#
#   sudo lab/measure-ja4.sh                # writes lab/ja4/ja4-measured.tsv and lab/ja4/<program>.pcap
#   sudo ONLY="dockerd" lab/measure-ja4.sh   # just these programs: their rows are replaced, the others kept
#
# Programs missing on the machine are written as rows with ja4 "-" and the reason, never left out silently.
# Extra programs come from the environment: GO_TOOLCHAINS (go binaries beside the system ones), NODE18 (a
# wrapper running Debian's node 18, which cannot be installed beside the machine's nodejs 20), JA4PLUS (the
# ja4plus command). Safety: one namespace (pa-ja4), addresses on its loopback only, torn down on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
OUT=${OUT:-$HERE/ja4}
W=/tmp/proxyaudit-ja4
NS=pa-ja4
ADDR=10.77.9.1
NAMES=(www.lab.test git.lab.test proxy.golang.org pypi.org files.pythonhosted.org registry.npmjs.org
    repo.maven.apache.org services.gradle.org github.com index.crates.io static.crates.io registry-1.docker.io)
JA4PLUS=${JA4PLUS:-ja4plus}

log() { printf '[ja4 %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
cleanup() {
    local pid
    for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "/etc/netns/$NS" "$W"
}

setup() {
    cleanup
    mkdir -p "$W"/{home,tmp} "$OUT"
    (cd "$HERE/labsrv" && GOCACHE=$W/gocache GOFLAGS=-mod=mod GOPROXY=off go build -o "$W/labsrv" .)
    local san="" n
    for n in "${NAMES[@]}"; do san+="DNS:$n,"; done
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=proxyaudit ja4 CA" \
        -keyout "$W/ca.key" -out "$W/ca.pem" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=lab" -keyout "$W/srv.key" \
        -out "$W/srv.csr" 2>/dev/null
    printf 'subjectAltName=%sIP:%s\nextendedKeyUsage=serverAuth\n' "$san" "$ADDR" > "$W/ext"
    openssl x509 -req -in "$W/srv.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -days 2 \
        -extfile "$W/ext" -out "$W/srv.pem" 2>/dev/null
    keytool -importcert -noprompt -alias lab -file "$W/ca.pem" -keystore "$W/ca.jks" -storepass changeit >/dev/null
    ip netns add "$NS"
    ip -n "$NS" link set lo up
    ip -n "$NS" addr add "$ADDR/32" dev lo
    mkdir -p "/etc/netns/$NS"
    { echo "127.0.0.1 localhost"; for n in "${NAMES[@]}"; do echo "$ADDR $n"; done; } > "/etc/netns/$NS/hosts"
    printf 'hosts: files\n' > "/etc/netns/$NS/nsswitch.conf"
    echo "nameserver 127.0.0.9" > "/etc/netns/$NS/resolv.conf"   # no DNS: every name is in hosts
    ip netns exec "$NS" "$W/labsrv" -role web -name lab -https "$ADDR:443" -cert "$W/srv.pem" -key "$W/srv.key" \
        -log "$W/origin.jsonl" 2>"$W/labsrv.err" &
    local i
    for i in $(seq 1 50); do ip netns exec "$NS" ss -Hlnt "sport = :443" | grep -q . && break; sleep 0.1; done

    # the clients' inputs: a Go module, a pom with a parent to resolve, a crate manifest, a Java fetcher
    mkdir -p "$W/gomod" "$W/mvn" "$W/crate/src"
    printf 'module lab.test/app\n\ngo 1.19\n' > "$W/gomod/go.mod"
    cat > "$W/mvn/pom.xml" <<'EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.lab</groupId><artifactId>lab-parent</artifactId><version>1.0</version></parent>
  <artifactId>app</artifactId>
</project>
EOF
    printf '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nlabcrate = "1"\n' \
        > "$W/crate/Cargo.toml"
    echo 'fn main() {}' > "$W/crate/src/main.rs"
    cp "$HERE/LabFetch.java" "$W/LabFetch.java"
    mkdir -p "$W/gradle"
    cat > "$W/gradle/build.gradle" <<'EOF'
repositories { maven { url 'https://repo.maven.apache.org/maven2' } }
configurations { lab }
dependencies { lab 'org.lab:labpkg:1.0' }
task fetch { doLast { configurations.lab.files } }
EOF
}

JSTORE="-Djavax.net.ssl.trustStore=$W/ca.jks -Djavax.net.ssl.trustStorePassword=changeit"
# measure <program> <version> <tls library> <Client constant> <cmd...>
ROWS=()
measure() {
    local prog=$1 ver=$2 lib=$3 client=$4; shift 4
    only "$prog" || return 0
    local pcap=$OUT/$prog.pcap
    rm -f "$pcap"
    local err=$W/cap-$prog.err
    rm -f "$err"
    ip netns exec "$NS" tcpdump -Z root -U -n --immediate-mode -i lo -w "$pcap" "tcp port 443" 2>"$err" &
    local cap=$! i
    for i in $(seq 1 100); do grep -q 'listening on' "$err" 2>/dev/null && break; sleep 0.1; done
    sleep 0.3
    (cd "$W/tmp" && ip netns exec "$NS" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME="$W/home" SSL_CERT_FILE="$W/ca.pem" GIT_SSL_CAINFO="$W/ca.pem" REQUESTS_CA_BUNDLE="$W/ca.pem" \
        PIP_CERT="$W/ca.pem" NODE_EXTRA_CA_CERTS="$W/ca.pem" CARGO_HTTP_CAINFO="$W/ca.pem" CARGO_HOME="$W/cargo-$prog" \
        MAVEN_OPTS="$JSTORE" GRADLE_OPTS="$JSTORE" \
        GRADLE_USER_HOME="$W/gradle-home" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" npm_config_cafile="$W/ca.pem" GOPATH="$W/gopath" GOCACHE="$W/gocache" GOTOOLCHAIN=local \
        GOFLAGS=-mod=mod GOSUMDB=off GOPROXY=https://proxy.golang.org npm_config_cache="$W/npm-cache" \
        PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 timeout 90 "$@") >"$W/$prog.log" 2>&1 || true
    sleep 0.5
    kill -TERM "$cap" 2>/dev/null || true
    wait "$cap" 2>/dev/null || true
    chmod 644 "$pcap"
    ROWS+=("$prog	$ver	$lib	$client	$pcap")
    log "$prog: $(tail -c 300 "$W/$prog.log" | tr '\n' ' ' | cut -c1-160)"
}

missing() { only "$1" || return 0; ROWS+=("$1	$2	$3	$4	-"); log "$1: $2"; }
# ONLY="prog ..." measures just those programs and replaces their rows in the existing table
only() { [[ -z ${ONLY:-} || " $ONLY " == *" $1 "* ]]; }

run_all() {
    local go
    # Go: cmd/go's own module fetch, one toolchain after the other (GOTOOLCHAIN=local: each runs itself)
    for go in /usr/lib/go-1.19/bin/go /usr/local/go/bin/go ${GO_TOOLCHAINS:-}; do
        if [[ -x $go ]]; then
            local v; v=$("$go" version | awk '{print $3}')
            measure "go-$v" "${v#go}" "Go crypto/tls" GO_HTTP bash -c "cd $W/gomod && $go mod download -json lab.test/x@v1.0.0"
        else missing "go-$go" "not installed" "Go crypto/tls" GO_HTTP; fi
    done
    measure curl "$(curl --version | awk 'NR==1{print $2}')" "$(curl --version | grep -o 'OpenSSL/[0-9.]*' | head -1)" CURL \
        curl -s -o /dev/null https://www.lab.test/
    local gitlib; gitlib=$(ldd /usr/lib/git-core/git-remote-https | grep -o 'libcurl[a-z-]*\|libgnutls\|libssl' | sort -u | tr '\n' ' ')
    measure git "$(git --version | awk '{print $3}')" "libcurl $(dpkg-query -W -f '${Version}' libcurl3-gnutls 2>/dev/null) (${gitlib% })" GIT_HTTP \
        git ls-remote https://git.lab.test/team/lib.git
    # Python: Debian's python3 and the machine's pyenv python3, requests and urllib.request; pip of each
    local py
    for py in /usr/bin/python3 "$(command -v python3)"; do
        local tag; tag=$([[ $py == /usr/bin/python3 ]] && echo debian || echo pyenv)
        local pv ossl; pv=$("$py" -c 'import platform;print(platform.python_version())')
        ossl=$("$py" -c 'import ssl;print(ssl.OPENSSL_VERSION.split()[1])')
        if "$py" -c 'import requests' 2>/dev/null; then
            measure "python-requests-$tag" "$pv requests $("$py" -c 'import requests,urllib3;print(requests.__version__+" urllib3 "+urllib3.__version__)')" \
                "OpenSSL $ossl" PYTHON "$py" -c 'import requests; requests.get("https://pypi.org/simple/labpkg/", timeout=20)'
        else missing "python-requests-$tag" "requests not installed for $py" "OpenSSL $ossl" PYTHON; fi
        measure "python-urllib-$tag" "$pv urllib.request" "OpenSSL $ossl" PYTHON \
            "$py" -c 'import urllib.request as u; u.urlopen("https://pypi.org/simple/labpkg/", timeout=20).read()'
        measure "pip-$tag" "$("$py" -m pip --version | awk '{print $2}') (python $pv)" "OpenSSL $ossl" PIP \
            "$py" -m pip download --no-deps -d "$W/tmp/pip-$tag" --index-url https://pypi.org/simple/ labpkg
    done
    # Node and npm
    local nv; nv=$(node -p 'process.version+" "+process.versions.openssl')
    measure node-fetch "${nv% *} fetch (undici $(node -p process.versions.undici))" "OpenSSL ${nv#* } (bundled)" NODE \
        node -e 'fetch("https://registry.npmjs.org/labpkg").then(r => r.text()).catch(e => { console.error(e); })'
    measure node-https "${nv% *} https.get" "OpenSSL ${nv#* } (bundled)" NODE \
        node -e 'require("https").get("https://registry.npmjs.org/labpkg", r => r.resume())'
    measure npm "$(npm --version) (node ${nv% *})" "OpenSSL ${nv#* } (bundled)" NPM \
        npm view labpkg --registry=https://registry.npmjs.org/
    if [[ -n ${NODE18:-} ]]; then
        local n18; n18=$("$NODE18" -p 'process.version+" "+process.versions.openssl')
        measure node18-fetch "${n18% *} fetch (Debian)" "OpenSSL ${n18#* } (Debian libssl3)" NODE \
            "$NODE18" -e 'fetch("https://registry.npmjs.org/labpkg").then(r => r.text()).catch(e => { console.error(e); })'
        measure node18-https "${n18% *} https.get (Debian)" "OpenSSL ${n18#* } (Debian libssl3)" NODE \
            "$NODE18" -e 'require("https").get("https://registry.npmjs.org/labpkg", r => r.resume())'
    else missing node18 "NODE18 not given (Debian's nodejs 18 conflicts with the installed nodejs 20)" "OpenSSL" NODE; fi
    # Java 17: the two JDK clients, and Maven's resolver (parent POM download)
    local jv; jv=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/{print $2}')
    measure java-urlconnection "$jv HttpsURLConnection" "JSSE (SunJSSE)" JAVA \
        java $JSTORE "$W/LabFetch.java" urlconnection https://repo.maven.apache.org/maven2/
    measure java-httpclient "$jv java.net.http.HttpClient" "JSSE (SunJSSE)" JAVA \
        java $JSTORE "$W/LabFetch.java" httpclient https://repo.maven.apache.org/maven2/
    measure maven "$(mvn -B -v 2>/dev/null | grep -o 'Apache Maven [0-9.]*' | cut -d' ' -f3) (java $jv)" "JSSE (SunJSSE), wagon-http" MAVEN \
        mvn -B -f "$W/mvn/pom.xml" -Dmaven.repo.local="$W/m2" validate
    if command -v gradle >/dev/null; then
        measure gradle "$(gradle --version 2>/dev/null | awk '/^Gradle/{print $2}')" "JSSE (SunJSSE)" GRADLE \
            gradle -q --no-daemon -p "$W/gradle" fetch
    else missing gradle "not installed (Debian's gradle 4.4.1 needs Java <= 9)" "JSSE" GRADLE; fi
    # cargo: Debian's (git index on github.com) and the machine's rustup cargo (sparse index.crates.io)
    local c
    for c in /usr/bin/cargo "$HOME/.cargo/bin/cargo"; do
        local tag; tag=$([[ $c == /usr/bin/cargo ]] && echo debian || echo rustup)
        if [[ -x $c ]]; then
            local lib="libcurl and OpenSSL linked statically"
            ldd "$c" | grep -q libcurl-gnutls && lib="libcurl-gnutls $(dpkg-query -W -f '${Version}' libcurl3-gnutls 2>/dev/null) (GnuTLS)"
            measure "cargo-$tag" "$("$c" --version | awk '{print $2}')" "$lib" CARGO \
                bash -c "cd $W/crate && $c fetch"
        else missing "cargo-$tag" "not installed" "libcurl" CARGO; fi
    done
    # Docker: the pull is dockerd's (Debian's docker.io), started for it and stopped after. Not under ip netns exec's
    # fresh /sys (dockerd needs the cgroup mounts): the host's mounts, the namespace's hosts file bound by hand.
    if command -v dockerd >/dev/null && command -v docker >/dev/null; then
        local d=$W/dockerd
        mkdir -p "$d"; echo '{}' > "$d/daemon.json"
        measure dockerd "$(dockerd --version | awk '{print $3}' | tr -d ,) (Debian docker.io, $(go version "$(command -v dockerd)" | awk '{print $2}'))" \
            "Go crypto/tls (moby tlsconfig.ServerDefault)" DOCKER nsenter --mount=/proc/$$/ns/mnt unshare -m sh -c '
            mount --bind "/etc/netns/'"$NS"'/hosts" /etc/hosts; mount --bind "/etc/netns/'"$NS"'/nsswitch.conf" /etc/nsswitch.conf
            dockerd --config-file '"$d"'/daemon.json --data-root '"$d"'/root --exec-root '"$d"'/exec -H unix://'"$d"'/sock \
                --pidfile '"$d"'/pid --storage-driver vfs --iptables=false --ip6tables=false --bridge=none > '"$d"'/log 2>&1 &
            for i in $(seq 1 100); do [ -S '"$d"'/sock ] && break; sleep 0.1; done
            docker -H unix://'"$d"'/sock pull labimg:1.0; kill $!; wait'
    else missing dockerd "not installed (Debian's docker.io)" "Go crypto/tls" DOCKER; fi
}

# JA4 of every ClientHello in each capture: proxyaudit's and ja4plus's, side by side
report() {
    local tsv=$OUT/ja4-measured.tsv row
    if [[ -n ${ONLY:-} && -f $tsv ]]; then
        awk -F'\t' -v only=" $ONLY " 'NR == 1 || index(only, " " $1 " ") == 0' "$tsv" > "$W/kept.tsv"
        cp "$W/kept.tsv" "$tsv"
    else
        printf 'program\tversion\ttls_library\tclient\tsni\tja4_proxyaudit\tja4_ja4plus\tagree\thellos\tcapture\tja4_r\n' > "$tsv"
    fi
    for row in "${ROWS[@]}"; do
        IFS=$'\t' read -r prog ver lib client pcap <<<"$row"
        if [[ $pcap == - ]]; then
            printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\t0\t-\t-\n' "$prog" "$ver" "$lib" "$client" >> "$tsv"; continue
        fi
        "$REPO/bin/proxyaudit" flows --format json "$pcap" > "$W/flows.json" 2>"$W/flows.err" || true
        "$JA4PLUS" --format json --types ja4 analyze "$pcap" > "$W/ja4plus.json" 2>"$W/ja4plus.err" || true
        python3 - "$W/flows.json" "$W/ja4plus.json" "$prog" "$ver" "$lib" "$client" "$(basename "$pcap")" >> "$tsv" <<'EOF'
import json, sys
flows, j4, prog, ver, lib, client, cap = sys.argv[1:]
ours = []
for line in open(flows):
    line = line.strip()
    if line.startswith("{"):
        r = json.loads(line)
        tls = r.get("tls") or {}
        if tls.get("ja4"):
            ours.append((tls.get("sni") or "-", tls["ja4"]))
theirs = []
raws = {}
try:
    text = open(j4).read().strip()
    data = json.loads(text) if text.startswith("[") else [json.loads(l) for l in text.splitlines() if l.startswith("{")]
    for d in data:
        if d.get("type") == "ja4" and d.get("fingerprint"):
            theirs.append(d["fingerprint"])
            raws[d["fingerprint"]] = d.get("raw", "-")
except (ValueError, OSError):
    pass
distinct = sorted(set(ours))
if not distinct:
    print("\t".join([prog, ver, lib, client, "-", "-", ",".join(sorted(set(theirs))) or "-", "-", "0", cap, "-"]))
for sni, ja4 in distinct:
    agree = "yes" if ja4 in theirs else "no"
    n = sum(1 for o in ours if o == (sni, ja4))
    print("\t".join([prog, ver, lib, client, sni, ja4, ja4 if agree == "yes" else (",".join(sorted(set(theirs))) or "-"), agree, str(n), cap, raws.get(ja4, "-")]))
EOF
    done
    log "wrote $tsv"
}

[[ $(id -u) -eq 0 ]] || { log "needs root (network namespace)"; exit 1; }
[[ -x $REPO/target/proxyaudit.jar || -f $REPO/target/proxyaudit.jar ]] || { log "build first: mvn -B -o -q package -DskipTests"; exit 1; }
trap cleanup EXIT
setup
run_all
report
