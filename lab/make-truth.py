#!/usr/bin/env python3
"""Builds samples/<scenario>/truth.json from the lab's own logs, never from the capture.

route  : from the origin server's request log (peer = client address -> direct, peer = proxy
         address -> proxy), sshd's connection log, or for a dropped connection the firewall counter.
verdict: from the scenario definition (lab/run-lab.sh EXPECT, with the rule in "why"); the script
         checks that the observed route agrees with it and marks "consistent".
"""
import argparse
import hashlib
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys

CLIENT_IPS = {"10.77.0.10", "fd00:77::10"}
PROXY_IPS = {"10.77.0.2", "fd00:77::2"}
LAB = {
    "client": {"ipv4": "10.77.0.10", "ipv6": "fd00:77::10", "mac": "02:77:00:00:00:01"},
    "proxy": {"name": "proxy.lab.test", "ipv4": "10.77.0.2", "ipv6": "fd00:77::2", "port": 3128,
              "software": "squid 5.7"},
    "dns": {"ipv4": "10.77.0.53", "ipv6": "fd00:77::53", "software": "dnsmasq"},
    "origins": [
        {"name": "goproxy.lab.test", "ipv4": "10.77.0.20", "ipv6": "fd00:77::20", "role": "module proxy (https)"},
        {"name": "proxy.golang.org", "ipv4": "10.77.0.21", "ipv6": "fd00:77::21", "role": "module proxy (https)"},
        {"name": "sum.golang.org", "ipv4": "10.77.0.22", "ipv6": "fd00:77::22", "role": "checksum database (https, real signed tree, lab key)"},
        {"name": "mirror-a.lab.test", "ipv4": "10.77.0.23", "ipv6": "fd00:77::23", "role": "module proxy answering 404 to everything"},
        {"name": "mirror-b.lab.test", "ipv4": "10.77.0.24", "ipv6": "fd00:77::24", "role": "module proxy answering 410 to everything"},
        {"name": "plain.lab.test", "ipv4": "10.77.0.25", "ipv6": "fd00:77::25", "role": "module proxy (plain http, port 80)"},
        {"name": "git.lab.test", "ipv4": "10.77.0.30", "ipv6": "fd00:77::30", "role": "VCS: ?go-get=1 meta tags + git smart-HTTP (https), sshd (22)"},
        {"name": "noise.lab.test", "ipv4": "10.77.0.40", "ipv6": "fd00:77::40", "role": "web (http 80 + https 443), background traffic"},
        {"name": "www.lab.test", "ipv4": "10.77.0.41", "ipv6": "fd00:77::41", "role": "web (https)"},
        {"name": "pypi.org", "ipv4": "10.77.0.60", "ipv6": "fd00:77::60", "role": "PyPI simple index (https)"},
        {"name": "files.pythonhosted.org", "ipv4": "10.77.0.61", "ipv6": "fd00:77::61", "role": "PyPI files (https)"},
        {"name": "registry.npmjs.org", "ipv4": "10.77.0.62", "ipv6": "fd00:77::62", "role": "npm registry (https)"},
        {"name": "repo.maven.apache.org", "ipv4": "10.77.0.63", "ipv6": "fd00:77::63", "role": "Maven Central (https)"},
        {"name": "github.com", "ipv4": "10.77.0.64", "ipv6": "fd00:77::64", "role": "cargo's git index rust-lang/crates.io-index (git smart HTTP, https)"},
        {"name": "static.crates.io", "ipv4": "10.77.0.65", "ipv6": "fd00:77::65", "role": "crate downloads (https)"},
        {"name": "registry-1.docker.io", "ipv4": "10.77.0.66", "ipv6": "fd00:77::66", "role": "Docker Hub registry API v2 (https)"},
    ],
    "networks": ["10.77.0.0/24", "fd00:77::/64"],
    "default_route": None,
}
MAX_EVIDENCE = 8


def peer_ip(peer):
    """'10.77.0.2:4567' or '[fd00:77::2]:4567' -> canonical IP string."""
    host = peer.rsplit(":", 1)[0].strip("[]")
    return str(ipaddress.ip_address(host))


def route_of(ips):
    kinds = set()
    for ip in ips:
        if ip in CLIENT_IPS:
            kinds.add("direct")
        elif ip in PROXY_IPS:
            kinds.add("proxy")
        else:
            kinds.add("unknown:" + ip)
    if len(kinds) == 1:
        return kinds.pop()
    return "mixed:" + ",".join(sorted(kinds)) if kinds else "none"


def read_jsonl(path):
    out = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    out.append(json.loads(line))
    return out


def redact(text, password):
    if password:
        text = text.replace(":" + password + "@", ":***@")
    return re.sub(r"(Proxy-Authorization:\s*\S+\s+)\S+", r"\1***", text, flags=re.I)


def redact_env(lines, password):
    env = {}
    for line in lines:
        if "=" not in line:
            continue
        k, v = line.split("=", 1)
        env[k] = re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", v)
    return env


def capinfo(path):
    out = subprocess.run(["capinfos", "-M", path], capture_output=True, text=True).stdout
    info = {}
    for line in out.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            info[k.strip()] = v.strip()
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    return {
        "file": os.path.basename(path),
        "file_type": info.get("File type"),
        "encapsulation": info.get("File encapsulation"),
        "timestamp_precision": info.get("File timestamp precision"),
        "snaplen": info.get("Packet size limit"),
        "packets": int(info.get("Number of packets", "0") or 0),
        "bytes": os.path.getsize(path),
        "sha256": sha,
    }


def squid_lines(work, host, port, ua=None, ua_re=None):
    path = os.path.join(work, "squid", "access.log")
    if not os.path.exists(path):
        return []
    h = "[" + host + "]" if ":" in host else host
    needles = [" CONNECT %s:%d " % (h, port)]
    if port == 80:
        needles.append(" http://%s/" % h)
    else:
        needles.append(" http://%s:%d/" % (h, port))
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f if any(n in l for n in needles)]
    if ua_re:
        lines = [l for l in lines if re.search(ua_re, l.split(' ua="', 1)[-1].rstrip('"'))]
    elif ua:
        lines = [l for l in lines if ua in l.split(' ua="', 1)[-1]]
    return lines


def dns_log(work):
    path = os.path.join(work, "dnsmasq.log")
    queries = []
    answers = {}
    if not os.path.exists(path):
        return queries, answers
    q = re.compile(r"query\[(\w+)\] (\S+) from (\S+)")
    a = re.compile(r"(?:reply|config|\S+hosts) (\S+) is (\S+)")
    with open(path) as f:
        for line in f:
            m = q.search(line)
            if m:
                queries.append({"type": m.group(1), "name": m.group(2), "from": m.group(3),
                                "line": line.rstrip("\n")})
                continue
            m = a.search(line)
            if m:
                answers.setdefault(m.group(1), set()).add(m.group(2))
    return queries, {k: sorted(v) for k, v in answers.items()}


def main():
    ap = argparse.ArgumentParser()
    for opt in ("scenario", "work", "out", "capture", "capture-desc", "description", "go-version",
                "git-version", "started", "family", "proxy-pass"):
        ap.add_argument("--" + opt, required=True)
    ap.add_argument("--from-args", help="re-run with the arguments saved in this file (work/truth-args.json)")
    if "--from-args" in sys.argv:
        with open(sys.argv[sys.argv.index("--from-args") + 1]) as f:
            saved = json.load(f)
        a = argparse.Namespace(**saved)
    else:
        a = ap.parse_args()
        with open(os.path.join(a.work, "truth-args.json"), "w") as f:
            json.dump(vars(a), f, indent=1)
    work, out = a.work, a.out

    with open(os.path.join(work, "expect.json")) as f:
        expect = json.load(f)

    # environment per client command
    envs = {}
    for name in sorted(os.listdir(work)):
        if name.startswith("env-") and name.endswith(".txt"):
            with open(os.path.join(work, name)) as f:
                envs[name[4:-4]] = redact_env(f.read().splitlines(), a.proxy_pass)
    go_env = {}
    ge = os.path.join(work, "client-goenv.log")
    if os.path.exists(ge):
        with open(ge) as f:
            lines = f.read().splitlines()
        names = ["GOPROXY", "GONOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOINSECURE", "GOVCS", "GOFLAGS"]
        values = [l for l in lines if not l.startswith("$ ") and not l.startswith("exit status")]
        if len(values) == len(names):
            go_env = dict(zip(names, values))
    base_env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME/GOPATH/GOMODCACHE/GOCACHE": "fresh per scenario under /tmp/proxyaudit-lab/run/<scenario>",
        "GOFLAGS": "-mod=mod", "GOENV": "off",
        "SSL_CERT_FILE": "/tmp/proxyaudit-lab/ca/ca.pem (private lab CA)",
        "GIT_SSL_CAINFO": "/tmp/proxyaudit-lab/ca/ca.pem",
        "GIT_CONFIG_GLOBAL": "per scenario (empty unless stated)", "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_SSH_COMMAND": "ssh -i <lab key> -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes",
    }

    issues = []
    hosts = []
    covered = set()
    covered_proxy = set()
    for e in expect:
        entry = {k: e[k] for k in ("host", "port", "scheme", "client", "expected_verdict", "why")}
        evidence, ips, connected = [], [], True
        if e["log"] == "sshd":
            src = "sshd.log"
            with open(os.path.join(work, "sshd.log")) as f:
                for line in f:
                    m = re.search(r"Connection from (\S+) port (\d+) on (\S+) port (\d+)", line)
                    if m and int(m.group(4)) == e["port"]:
                        ips.append(str(ipaddress.ip_address(m.group(1))))
                        evidence.append(line.rstrip("\n"))
        else:
            src = "origin-%s.jsonl" % e["log"]
            for r in read_jsonl(os.path.join(work, src)):
                if r.get("event") != "request" or e["ua"] not in r.get("ua", ""):
                    continue
                if "ua_re" in e and not re.search(e["ua_re"], r.get("ua", "")):
                    continue
                if "listen_port" in e and not r["listen"].endswith(":%d" % e["listen_port"]):
                    continue
                covered.add((e["log"], r["peer"], r["uri"], r["ts"]))
                ips.append(peer_ip(r["peer"]))
                evidence.append(json.dumps(r, sort_keys=True))
        route = route_of(set(ips))
        if not ips and e.get("evidence_extra") == "nft":
            with open(os.path.join(work, "nft-ruleset.txt")) as f:
                nft = [l.strip() for l in f if "counter" in l]
            src = "nft-ruleset.txt"
            evidence = nft
            connected = False
            m = re.search(r"counter packets (\d+)", " ".join(nft))
            if m and int(m.group(1)) > 0:
                route = "direct"
        entry["route"] = route
        entry["connected"] = connected
        entry["requests_seen_by_origin"] = len(ips)
        entry["evidence_source"] = src
        entry["evidence"] = [redact(x, a.proxy_pass) for x in evidence[:MAX_EVIDENCE]]
        if len(evidence) > MAX_EVIDENCE:
            entry["evidence_more"] = len(evidence) - MAX_EVIDENCE
        # a CONNECT carries the client's User-Agent only if the client sends one (Go, curl, chromium do; pip, npm,
        # the JVM do not): "proxy_ua_re" says how to pick this client's lines, "" meaning all for the host and port
        if "proxy_ua_re" in e:
            sq = squid_lines(work, e["host"], e["port"], ua_re=e["proxy_ua_re"] or None)
        else:
            sq = squid_lines(work, e["host"], e["port"], e.get("ua"))
        covered_proxy.update(sq)
        if "proxy_ua_re" in e and not e["proxy_ua_re"] and route == "direct":
            sq = []  # the lines without a User-Agent for this host are another client's (npm's CONNECT, not Node's fetch)
        entry["proxy_access_log"] = [redact(x, a.proxy_pass) for x in sq[:MAX_EVIDENCE]]
        if len(sq) > MAX_EVIDENCE:
            entry["proxy_access_log_more"] = len(sq) - MAX_EVIDENCE
        ports = sorted({int(m.group(1)) for m in (re.search(r" local=\S+:(\d+) ", l) for l in sq) if m})
        if ports:
            entry["proxy_ports"] = ports
        want_proxy = e["expected_verdict"] == "proxied"
        ok = (route == "proxy") == want_proxy and route in ("proxy", "direct")
        if "expected_proxy_port" in e:
            entry["expected_proxy_port"] = e["expected_proxy_port"]
            if ports != [e["expected_proxy_port"]]:
                ok = False
                issues.append("%s:%d %s: proxy ports %s, expected %d" % (e["host"], e["port"], e["client"], ports, e["expected_proxy_port"]))
        if route == "proxy" and not sq:
            ok = False
            issues.append("%s:%d %s: origin saw the proxy but the proxy log has no line" % (e["host"], e["port"], e["client"]))
        entry["consistent"] = ok
        if not ok:
            issues.append("%s:%d %s: route %s but expected verdict %s" % (e["host"], e["port"], e["client"], route, e["expected_verdict"]))
        hosts.append(entry)

    # requests that reached only the proxy (no lab origin: e.g. chromium's own background requests
    # to Google names, which squid cannot resolve and answers 5xx). Route proxy by definition.
    sq_path = os.path.join(work, "squid", "access.log")
    if os.path.exists(sq_path):
        extra = {}
        with open(sq_path) as f:
            for line in f:
                m = re.search(r" (CONNECT|GET|POST|HEAD|PUT) (\S+) status=(\S+) upstream=(\S+) user=\S+ ua=\"(.*)\"$", line.rstrip("\n"))
                if not m:
                    continue
                method, target, status, upstream, ua = m.groups()
                if method == "CONNECT":
                    host, port, scheme = target.rsplit(":", 1)[0].strip("[]"), int(target.rsplit(":", 1)[1]), "https"
                else:
                    um = re.match(r"http://(\[[^]]+\]|[^/:]+)(?::(\d+))?", target)
                    host, port, scheme = um.group(1).strip("[]"), int(um.group(2) or 80), "http"
                client = "chromium" if "Chrome" in ua else "go" if "Go-http-client" in ua else \
                    "cargo" if ua.startswith("cargo") or "git2-curl" in ua else "git" if ua.startswith("git/") \
                    else "curl" if ua.startswith("curl/") else "other"
                if line.rstrip("\n") in covered_proxy or \
                        any(h["host"] == host and h["port"] == port and h["client"] == client for h in hosts):
                    continue
                extra.setdefault((host, port, scheme, client), []).append(redact(line.rstrip("\n"), a.proxy_pass))
        for (host, port, scheme, client), lines in sorted(extra.items()):
            hosts.append({
                "host": host, "port": port, "scheme": scheme, "client": client,
                "expected_verdict": "proxied",
                "why": "seen only in the proxy's access log: the client sent it to the proxy (no lab server has this name, so the proxy answered an error)",
                "route": "proxy", "connected": True, "requests_seen_by_origin": 0,
                "evidence_source": "squid/access.log", "evidence": lines[:MAX_EVIDENCE],
                "proxy_access_log": lines[:MAX_EVIDENCE], "consistent": True, "proxy_only": True,
            })

    # requests no expected entry accounts for (would mean the scenario definition is incomplete)
    unlisted = []
    for name in sorted(os.listdir(work)):
        if name.startswith("origin-") and name.endswith(".jsonl"):
            srv = name[len("origin-"):-len(".jsonl")]
            for r in read_jsonl(os.path.join(work, name)):
                if r.get("event") == "request" and (srv, r["peer"], r["uri"], r["ts"]) not in covered:
                    unlisted.append({"server": srv, "peer": r["peer"], "route": route_of({peer_ip(r["peer"])}),
                                     "method": r["method"], "uri": r["uri"], "ua": r.get("ua", "")})
    if unlisted:
        issues.append("%d origin requests not covered by the scenario's host list" % len(unlisted))

    queries, answers = dns_log(work)
    client_q = [{"name": q["name"], "type": q["type"], "from": q["from"]} for q in queries if q["from"] in CLIENT_IPS]
    proxy_q = [{"name": q["name"], "type": q["type"], "from": q["from"]} for q in queries if q["from"] in PROXY_IPS]

    os.makedirs(out, exist_ok=True)
    os.chmod(a.capture, 0o644)
    cap = capinfo(a.capture)
    cap["capture_options"] = a.capture_desc
    cap["captured_in"] = "client network namespace (pa-client)"

    ev_dir = os.path.join(out, "evidence")
    os.makedirs(ev_dir, exist_ok=True)
    copies = []
    for name in sorted(os.listdir(work)):
        full = os.path.join(work, name)
        if (name.startswith(("origin-", "client-")) or name in ("dnsmasq.log", "sshd.log", "nft-ruleset.txt", "gitconfig.txt")) \
                and os.path.isfile(full) and os.path.getsize(full) > 0 and name != "origin-stderr.log":
            copies.append((full, name))
    if os.path.exists(os.path.join(work, "squid", "access.log")):
        copies.append((os.path.join(work, "squid", "access.log"), "squid-access.log"))
    for src, dst in copies:
        with open(src, errors="replace") as f:
            text = redact(f.read(), a.proxy_pass)
        with open(os.path.join(ev_dir, dst), "w") as f:
            f.write(text)

    truth = {
        "scenario": a.scenario,
        "description": a.description,
        "capture": cap,
        "started_utc": a.started,
        "go_version": None if a.go_version == "none" else a.go_version,
        "git_version": a.git_version,
        "address_family": "IPv6 only" if a.family == "v6only" else "IPv4 only",
        "env_common": base_env,
        "env": envs,
        "go_env_effective": go_env,
        "lab": LAB,
        "verdict_rules": {
            "proxied": "the connection went to the proxy (CONNECT tunnel or absolute-URI request)",
            "direct-exempt": "direct, and the client's own rules exempt it (NO_PROXY/no_proxy match, loopback)",
            "direct-bypass": "direct although a proxy is configured in the environment (wrong variable for the scheme, a transport that ignores it such as ssh)",
            "direct-unproxied": "direct and no proxy is configured for this client at all",
        },
        "hosts": hosts,
        "unlisted_origin_requests": unlisted,
        "dns_queries": client_q,
        "dns_answers": answers,
        "proxy_dns_queries": proxy_q,
        "evidence_files": sorted("evidence/" + d for _, d in copies),
        "issues": issues,
    }
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1, sort_keys=False)
        f.write("\n")
    status = "OK" if not issues else "CHECK: " + "; ".join(issues)
    print("[truth] %s: %d packets, %d bytes, %d hosts, %d client DNS queries: %s"
          % (a.scenario, cap["packets"], cap["bytes"], len(hosts), len(client_q), status), file=sys.stderr)


if __name__ == "__main__":
    main()
