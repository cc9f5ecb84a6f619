#!/usr/bin/env python3
"""Compare a tool's ClientHello SNI list with a synthetic capture's truth file.

  compare-sni.py --truth T --tshark FILE   # FILE: tshark -T fields -e tls.handshake.extensions_server_name output
  compare-sni.py --truth T --ndjson FILE   # FILE: proxyaudit flows --format json output (NDJSON)

From NDJSON, every record with "type":"flow" contributes the SNI of its direct ClientHello and of the
ClientHello inside its CONNECT tunnel: any object member named "sni" (e.g. tls.sni, tunnel.tls.sni),
at any depth, counts once. The truth file is the generator's: '#' count lines, then sorted SNIs.
Prints one line (OK/DIFF with counts and the first differences); exit status 0 when equal, 1 otherwise.
"""
import argparse
import collections
import json
import sys


def truth_snis(path):
    with open(path, encoding="ascii") as f:
        return [l.rstrip("\n") for l in f if not l.startswith("#")]


def tshark_snis(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        # one line per ClientHello frame; several values in one frame would be comma-joined
        return [v for l in f for v in l.rstrip("\n").split(",")]


def collect_sni(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "sni" and isinstance(v, str):
                out.append(v)
            else:
                collect_sni(v, out)
    elif isinstance(node, list):
        for v in node:
            collect_sni(v, out)


def ndjson_snis(path):
    snis, flows, bad = [], 0, 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                bad += 1
                continue
            if rec.get("type") != "flow":
                continue
            flows += 1
            collect_sni(rec, snis)
    return snis, flows, bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--tshark")
    g.add_argument("--ndjson")
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    want = truth_snis(a.truth)
    extra = ""
    if a.tshark:
        got = tshark_snis(a.tshark)
    else:
        got, flows, bad = ndjson_snis(a.ndjson)
        extra = f" ({flows} flow records" + (f", {bad} unparsable lines" if bad else "") + ")"
    w, g2 = collections.Counter(want), collections.Counter(got)
    label = (a.label + ": ") if a.label else ""
    if w == g2:
        print(f"{label}OK {len(got)} SNIs equal to the truth{extra}")
        return 0
    missing, unexpected = w - g2, g2 - w
    def show(c):
        items = sorted(c.items())[:5]
        return ", ".join(f"{k or '(empty)'} x{n}" for k, n in items) + (" ..." if len(c) > 5 else "")
    print(f"{label}DIFF truth {len(want)} vs tool {len(got)}{extra}; "
          f"missing {sum(missing.values())} [{show(missing)}]; unexpected {sum(unexpected.values())} [{show(unexpected)}]")
    return 1


if __name__ == "__main__":
    sys.exit(main())
