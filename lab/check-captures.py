#!/usr/bin/env python3
"""Cross-checks each sample's truth.json against its capture with tshark (not with proxyaudit):
every host routed "proxy" has a CONNECT/absolute-URI request for it to the proxy in the capture;
every host routed "direct" has a client SYN to one of its addresses on its port (a client UDP datagram for a
host reached over QUIC, "transport": "udp"). Catches a capture
that started late or stopped early. Usage: lab/check-captures.py [samples-dir]"""
import json
import os
import subprocess
import sys

PROXY = {"10.77.0.2", "fd00:77::2"}


def tshark(path, fields, filt):
    cmd = ["tshark", "-r", path, "-Y", filt, "-T", "fields", "-E", "separator=\t"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    return [l.split("\t") for l in out.splitlines() if l.strip()]


def main(samples):
    bad = 0
    for name in sorted(os.listdir(samples)):
        tp = os.path.join(samples, name, "truth.json")
        if not os.path.exists(tp):
            continue
        with open(tp) as f:
            t = json.load(f)
        cap = os.path.join(samples, name, t["capture"]["file"])
        addrs = {}
        for o in t["lab"]["origins"]:
            addrs[o["name"]] = {o["ipv4"], o["ipv6"]}
            addrs[o["ipv4"]] = {o["ipv4"]}
            addrs[o["ipv6"]] = {o["ipv6"]}
        proxy_reqs = tshark(cap, ["http.request.method", "http.request.uri"], "http.request")
        syns = tshark(cap, ["ip.dst", "ipv6.dst", "tcp.dstport"], "tcp.flags.syn==1 && tcp.flags.ack==0")
        syn_set = {((r[0] or r[1]), int(r[2])) for r in syns if len(r) >= 3}
        udp = tshark(cap, ["ip.dst", "ipv6.dst", "udp.dstport"], "udp && !dns")
        udp_set = {((r[0] or r[1]), int(r[2])) for r in udp if len(r) >= 3}
        for h in t["hosts"]:
            host, port = h["host"], h["port"]
            if h["route"] == "proxy":
                hb = "[" + host + "]" if ":" in host else host
                ok = any((m == "CONNECT" and u == "%s:%d" % (hb, port)) or
                         (m != "CONNECT" and u.startswith("http://" + hb)) for m, u in
                         (r + [""] * (2 - len(r)) for r in proxy_reqs))
                if t["capture"]["snaplen"] and "200" in t["capture"]["snaplen"] and not ok:
                    ok = any(d in PROXY for d, _ in syn_set)  # request line may be cut by snaplen
                what = "proxy request"
            elif h.get("transport") == "udp":
                ok = any((ip, port) in udp_set for ip in addrs.get(host, {host}))
                what = "client UDP datagram"
            else:
                ok = any((ip, port) in syn_set for ip in addrs.get(host, {host}))
                what = "client SYN"
            if not ok:
                bad += 1
            print("%-30s %-22s %5d %-8s %-6s %s" % (name, host, port, h["client"], h["route"],
                                                   "ok" if ok else "MISSING " + what))
    print("%d problem(s)" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "samples")))
