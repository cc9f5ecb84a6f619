#!/usr/bin/env python3
"""Builds samples/q-quic-bypass/truth.json from the QUIC lab's own logs (lab/quic/run-quic-lab.sh), never from the
capture, in the schema of lab/make-truth.py (whose helpers it uses): the route of each host from the peer address
the origin server logged (the client's: direct; squid's: proxy), the expected verdict with its rule, the DNS names
the client asked (dnsmasq's log), and per QUIC connection the version, ALPN and Retry the server saw.

Beside the truth it writes evidence/tshark-client-hellos.tsv: tshark's own reading of every ClientHello in the
capture (QUIC Initial packets decrypted by tshark), the oracle QuicLabSampleTest holds our parser to.
"""
import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("lab_make_truth", os.path.join(HERE, "..", "make-truth.py"))
lab = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lab)

DESCRIPTION = ("HTTPS_PROXY and HTTP_PROXY point at squid. curl fetches www.lab.test over TCP through the proxy"
               " (CONNECT); two HTTP/3 clients, aioquic 1.2.0 and quic-go (built with Go's default X25519MLKEM768"
               " key share), fetch from aioquic HTTP/3 servers over QUIC on UDP 443, which no HTTP proxy carries:"
               " QUIC v1 and v2 Initials, ClientHellos split over two Initial packets (aioquic's 1200-byte"
               " quantum-readiness parameter, quic-go's post-quantum key share), and a server that answers every new"
               " connection with a Retry.")
QUIC_WHY = ("HTTP/3 over QUIC (UDP 443) although HTTPS_PROXY is set: %s has no proxy support, and no HTTP proxy can"
            " carry QUIC (only a CONNECT-UDP proxy, RFC 9298), so the connection went around the proxy (QUIC_BYPASS;"
            " fix: turn HTTP/3 off in the client or block UDP 443)")
EXPECT = [
    {"host": "www.lab.test", "port": 443, "scheme": "https", "transport": "tcp", "client": "curl",
     "log": "www.lab.test", "ua": "curl/", "expected_verdict": "proxied",
     "why": "semantics 3.1: curl reads HTTPS_PROXY for an https URL and tunnels with CONNECT www.lab.test:443"},
    {"host": "quic.lab.test", "port": 443, "scheme": "https", "transport": "udp", "client": "other",
     "log": "quic.lab.test", "ua": "aioquic-lab/", "expected_verdict": "direct-bypass", "why": QUIC_WHY % "aioquic"},
    {"host": "quic.lab.test", "port": 443, "scheme": "https", "transport": "udp", "client": "other",
     "log": "quic.lab.test", "ua": "quic-go-lab/", "expected_verdict": "direct-bypass", "why": QUIC_WHY % "quic-go"},
    {"host": "quic-retry.lab.test", "port": 443, "scheme": "https", "transport": "udp", "client": "other",
     "log": "quic-retry.lab.test", "ua": "aioquic-lab/", "expected_verdict": "direct-bypass",
     "why": QUIC_WHY % "aioquic" + "; the server's Retry changes nothing"},
    {"host": "quic-retry.lab.test", "port": 443, "scheme": "https", "transport": "udp", "client": "other",
     "log": "quic-retry.lab.test", "ua": "quic-go-lab/", "expected_verdict": "direct-bypass",
     "why": QUIC_WHY % "quic-go" + "; the server's Retry changes nothing"},
]
LAB = {
    "client": {"ipv4": "10.77.0.10", "ipv6": "fd00:77::10", "mac": "02:77:00:00:00:01"},
    "proxy": {"name": "proxy.lab.test", "ipv4": "10.77.0.2", "ipv6": "fd00:77::2", "port": 3128, "software": "squid 5.7"},
    "dns": {"ipv4": "10.77.0.53", "ipv6": "fd00:77::53", "software": "dnsmasq"},
    "origins": [
        {"name": "www.lab.test", "ipv4": "10.77.0.41", "ipv6": "fd00:77::41", "role": "web (https over TCP, Python ssl)"},
        {"name": "quic.lab.test", "ipv4": "10.77.0.42", "ipv6": "fd00:77::42", "role": "HTTP/3 over QUIC v1 and v2 (aioquic 1.2.0)"},
        {"name": "quic-retry.lab.test", "ipv4": "10.77.0.43", "ipv6": "fd00:77::43",
         "role": "HTTP/3 over QUIC, a Retry for every new connection (aioquic 1.2.0, serve(retry=True))"},
    ],
    "networks": ["10.77.0.0/24"],
    "default_route": None,
    "note": "two network namespaces (qa-client, qa-srv) joined by one veth pair; IPv6 is off on both ends",
}
TSHARK_FIELDS = ["frame.number", "ip.src", "udp.srcport", "tcp.srcport", "ip.dst", "udp.dstport", "tcp.dstport",
                 "quic.version", "tls.handshake.extensions_server_name", "tls.handshake.extensions_alpn_str",
                 "tls.handshake.version", "tls.handshake.extensions.supported_version",
                 "tls.handshake.extensions_key_share_group"]


def tshark(capture, filt, fields):
    """tshark's fields for the frames matching filt, with its default preferences (an empty profile)."""
    cfg = tempfile.mkdtemp()
    try:
        cmd = ["tshark", "-n", "-r", capture, "-Y", filt, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
               "-E", "aggregator=,"]
        for f in fields:
            cmd += ["-e", f]
        env = dict(os.environ, WIRESHARK_CONFIG_DIR=cfg, LC_ALL="C.UTF-8", TZ="UTC")
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
        return [l.split("\t") for l in out.splitlines() if l.strip()]
    finally:
        shutil.rmtree(cfg)


def tshark_tables(capture, ev_dir):
    rows = tshark(capture, "tls.handshake.type == 1", TSHARK_FIELDS)
    lines = ["\t".join(["frame", "transport", "client_ip", "client_port", "server_ip", "server_port", "quic_version",
                        "sni", "alpn", "handshake_version", "supported_versions", "key_share_groups"])]
    for r in rows:
        frame, src, usport, tsport, dst, udport, tdport, qv, sni, alpn, hv, sv, ks = (r + [""] * 13)[:13]
        udp = bool(usport)
        # a coalesced datagram lists the version once per QUIC packet: they are all the same
        lines.append("\t".join([frame, "udp" if udp else "tcp", src, usport or tsport, dst, udport or tdport,
                                qv.split(",")[0], sni, alpn, hv, sv, ks]))
    with open(os.path.join(ev_dir, "tshark-client-hellos.tsv"), "w") as f:
        f.write("# tshark %s (default preferences): tshark -Y 'tls.handshake.type == 1' -e %s\n"
                % (tshark_version(), " -e ".join(TSHARK_FIELDS)) + "\n".join(lines) + "\n")
    retries = tshark(capture, "quic.retry_integrity_tag", ["frame.number", "ip.src", "udp.srcport", "ip.dst",
                                                           "udp.dstport", "quic.version"])
    with open(os.path.join(ev_dir, "tshark-retry.tsv"), "w") as f:
        f.write("# tshark: frames holding a Retry packet (quic.retry_integrity_tag)\n"
                "frame\tserver_ip\tserver_port\tclient_ip\tclient_port\tquic_version\n")
        for r in retries:
            f.write("\t".join(r[:6]) + "\n")
    return len(rows), len(retries)


def tshark_version():
    return subprocess.run(["tshark", "-v"], capture_output=True, text=True).stdout.splitlines()[0]


def main():
    ap = argparse.ArgumentParser()
    for opt in ("scenario", "work", "out", "capture", "started", "curl-version", "quic-go-version", "go-version"):
        ap.add_argument("--" + opt, required=True)
    a = ap.parse_args()
    work, out = a.work, a.out

    envs = {}
    for name in sorted(os.listdir(work)):
        if name.startswith("env-") and name.endswith(".txt"):
            with open(os.path.join(work, name)) as f:
                envs[name[4:-4]] = lab.redact_env(f.read().splitlines(), None)

    issues, hosts, covered = [], [], set()
    for e in EXPECT:
        entry = {k: e[k] for k in ("host", "port", "scheme", "transport", "client", "expected_verdict", "why")}
        src = "origin-%s.jsonl" % e["log"]
        evidence, ips = [], []
        for r in lab.read_jsonl(os.path.join(work, src)):
            if r.get("event") != "request" or e["ua"] not in r.get("ua", ""):
                continue
            covered.add((e["log"], r["peer"], r["uri"], r["ts"]))
            ips.append(lab.peer_ip(r["peer"]))
            evidence.append(json.dumps(r, sort_keys=True))
        route = lab.route_of(set(ips))
        entry.update(route=route, connected=True, requests_seen_by_origin=len(ips), evidence_source=src,
                     evidence=evidence[:lab.MAX_EVIDENCE])
        sq = lab.squid_lines(work, e["host"], e["port"], e["ua"])
        entry["proxy_access_log"] = sq[:lab.MAX_EVIDENCE]
        ports = sorted({int(l.split(" local=")[1].split(" ")[0].rsplit(":", 1)[1]) for l in sq if " local=" in l})
        if ports:
            entry["proxy_ports"] = ports
        if e["transport"] == "udp":
            reqs = [json.loads(x) for x in evidence]
            entry["quic"] = {"versions": sorted({r["quic_version"] for r in reqs}),
                             "retry": sorted({r["retry"] for r in reqs}) == [True]}
        ok = (route == "proxy") == (e["expected_verdict"] == "proxied") and route in ("proxy", "direct")
        if route == "proxy" and not sq:
            ok = False
            issues.append("%s:%d: origin saw the proxy but the proxy log has no line" % (e["host"], e["port"]))
        if e["transport"] == "udp" and sq:
            ok = False
            issues.append("%s:%d: a QUIC host in the proxy's log" % (e["host"], e["port"]))
        entry["consistent"] = ok
        if not ok:
            issues.append("%s:%d %s: route %s but expected verdict %s" % (e["host"], e["port"], e["ua"], route,
                                                                          e["expected_verdict"]))
        hosts.append(entry)

    unlisted, quic_conns = [], []
    for name in sorted(os.listdir(work)):
        if name.startswith("origin-") and name.endswith(".jsonl"):
            srv = name[len("origin-"):-len(".jsonl")]
            for r in lab.read_jsonl(os.path.join(work, name)):
                if r.get("event") == "request" and (srv, r["peer"], r["uri"], r["ts"]) not in covered:
                    unlisted.append({"server": srv, "peer": r["peer"], "uri": r["uri"], "ua": r.get("ua", "")})
                if r.get("event") == "conn" and r.get("scheme") == "h3":
                    quic_conns.append({"server": srv, "peer": r["peer"], "quic_version": r["quic_version"],
                                       "alpn": r["alpn"], "retry": r["retry"]})
    if unlisted:
        issues.append("%d origin requests not covered by the host list" % len(unlisted))

    queries, answers = lab.dns_log(work)
    client_q = [{"name": q["name"], "type": q["type"], "from": q["from"]} for q in queries if q["from"] in lab.CLIENT_IPS]
    proxy_q = [{"name": q["name"], "type": q["type"], "from": q["from"]} for q in queries if q["from"] in lab.PROXY_IPS]

    os.makedirs(out, exist_ok=True)
    cap = lab.capinfo(a.capture)
    cap["capture_options"] = "tcpdump -i eth0 -U (Ethernet, pcap, microsecond)"
    cap["captured_in"] = "client network namespace (qa-client)"
    ev_dir = os.path.join(out, "evidence")
    os.makedirs(ev_dir, exist_ok=True)
    copies = [(os.path.join(work, n), n) for n in sorted(os.listdir(work))
              if n.startswith(("origin-", "client-")) and n != "origin-stderr.log" or n == "dnsmasq.log"]
    copies.append((os.path.join(work, "squid", "access.log"), "squid-access.log"))
    for src, dst in copies:
        shutil.copyfile(src, os.path.join(ev_dir, dst))
    hellos, retries = tshark_tables(a.capture, ev_dir)

    truth = {
        "scenario": a.scenario,
        "description": DESCRIPTION,
        "capture": cap,
        "started_utc": a.started,
        "go_version": None,
        "git_version": None,
        "client_versions": {"curl": a.curl_version, "aioquic": "1.2.0", "quic-go": a.quic_go_version,
                            "quic-go built with": a.go_version},
        "address_family": "IPv4 only",
        "env_common": {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "<lab>/home",
                       "SSL_CERT_FILE": "<lab>/ca/ca.pem (private lab CA)"},
        "env": envs,
        "lab": LAB,
        "verdict_rules": {
            "proxied": "the connection went to the proxy (CONNECT tunnel)",
            "direct-bypass": "direct although a proxy is configured in the environment (here: QUIC, which no HTTP"
                             " proxy carries)",
        },
        "hosts": hosts,
        "quic_connections": quic_conns,
        "unlisted_origin_requests": unlisted,
        "dns_queries": client_q,
        "dns_answers": answers,
        "proxy_dns_queries": proxy_q,
        "evidence_files": sorted("evidence/" + d for _, d in copies)
                          + ["evidence/tshark-client-hellos.tsv", "evidence/tshark-retry.tsv"],
        "issues": issues,
    }
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
        f.write("\n")
    env = next(iter(envs.values()))
    assert all(e == env for e in envs.values()), "commands with different environments"
    with open(os.path.join(out, "capture.env"), "w") as f:
        f.write("# %s: the environment the lab gave every command (from truth.json)\n" % a.scenario)
        f.writelines("%s='%s'\n" % kv for kv in env.items())
    print("[truth] %s: %d packets, %d hosts, %d QUIC connections, %d ClientHellos and %d Retry packets in tshark,"
          " %d client DNS queries: %s" % (a.scenario, cap["packets"], len(hosts), len(quic_conns), hellos, retries,
                                          len(client_q), "OK" if not issues else "CHECK: " + "; ".join(issues)))


if __name__ == "__main__":
    main()
