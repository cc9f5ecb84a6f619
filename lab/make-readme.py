#!/usr/bin/env python3
"""Regenerates the scenario table in samples/README.md (between the table markers) from truth.json files."""
import json
import os
import sys

BEGIN, END = "<!-- scenario-table:begin -->", "<!-- scenario-table:end -->"


def short_format(cap):
    enc = {"ether": "Ethernet", "linux-sll2": "Linux cooked v2 (SLL2)", "linux-sll": "Linux cooked (SLL)"}.get(
        cap["encapsulation"], cap["encapsulation"])
    fmt = cap["file_type"]
    if cap["file"].endswith(".gz"):
        fmt += " (gzip)"
    extra = []
    if cap.get("timestamp_precision", "").startswith("nano"):
        extra.append("ns timestamps")
    if cap.get("snaplen") and "200" in cap["snaplen"]:
        extra.append("snaplen 200")
    return "%s, %s%s" % (fmt, enc, (", " + ", ".join(extra)) if extra else "")


def main(samples):
    rows = []
    for name in sorted(os.listdir(samples)):
        path = os.path.join(samples, name, "truth.json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            t = json.load(f)
        cap = t["capture"]
        verdicts = ", ".join("%s:%d %s %s" % (h["host"], h["port"], h["client"], h["expected_verdict"]) for h in t["hosts"])
        rows.append("| [%s](%s/) | %s | %s | `%s` | %d | %d | %s |" % (
            name, name, t["description"].replace("|", "\\|"), verdicts, cap["file"], cap["packets"], cap["bytes"],
            short_format(cap)))
    table = "\n".join([
        "| scenario | what it shows | hosts (host:port client expected verdict) | capture | packets | bytes | format / link type |",
        "| --- | --- | --- | --- | ---: | ---: | --- |",
    ] + rows)
    readme = os.path.join(samples, "README.md")
    with open(readme) as f:
        text = f.read()
    a, b = text.index(BEGIN) + len(BEGIN), text.index(END)
    with open(readme, "w") as f:
        f.write(text[:a] + "\n" + table + "\n" + text[b:])
    print("README table: %d scenarios" % len(rows), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "samples"))
