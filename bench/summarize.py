#!/usr/bin/env python3
"""Markdown table of bench/run-bench.sh runs: median, spread, MB/s, packets/s, peak RSS, --stats rate.

Input lines (TSV): label, wall seconds, peak RSS KiB, stats seconds, stats bytes, stats packets ('-' = none),
CPU seconds (user + system, all threads). On a shared machine the CPU time is the steadier figure.
MB is 10^6 bytes. Spread is (max - min) / median.
"""
import argparse
import statistics
import sys


def fnum(s):
    try:
        return float(s)
    except ValueError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs")
    ap.add_argument("--file", required=True)
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--packets", type=int, required=True)
    ap.add_argument("--xmx", default="?")
    a = ap.parse_args()
    by = {}
    for line in open(a.runs):
        f = line.rstrip("\n").split("\t")
        if len(f) < 3:
            continue
        by.setdefault(f[0], []).append(f)
    print(f"File `{a.file}`: {a.size / 1e6:.1f} MB, {a.packets} packets; java -Xmx{a.xmx}\n")
    print("| tool | runs | median s | min-max s | spread | MB/s | Mpkt/s | peak RSS MiB | CPU s (median) | --stats s (median) | --stats MB/s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    med = {}
    cpumed = {}
    for label, rows in by.items():
        t = [float(r[1]) for r in rows]
        rss = max(int(r[2]) for r in rows) / 1024
        m = statistics.median(t)
        med[label] = m
        ss = [fnum(r[3]) for r in rows if len(r) > 3 and fnum(r[3])]
        sb = [fnum(r[4]) for r in rows if len(r) > 4 and fnum(r[4])]
        st = statistics.median(ss) if ss else None
        cpu = [fnum(r[6]) for r in rows if len(r) > 6 and fnum(r[6]) is not None]
        cpum = statistics.median(cpu) if cpu else None
        cpumed.setdefault(label, cpum)
        # the capture's file size over the seconds --stats reports (its own MB/s counts packet bytes only)
        rate = a.size / st / 1e6 if st else None
        print(f"| {label} | {len(t)} | {m:.3f} | {min(t):.3f}-{max(t):.3f} | {(max(t) - min(t)) / m * 100:.0f}% "
              f"| {a.size / m / 1e6:.0f} | {a.packets / m / 1e6:.2f} | {rss:.0f} | {'%.2f' % cpum if cpum is not None else '-'} "
              f"| {'%.3f' % st if st else '-'} | {'%.0f' % rate if rate else '-'} |")
    ts = med.get("tshark")
    if ts:
        print()
        for label, m in med.items():
            if label.startswith("flows") or label.startswith("analyze"):
                c, tc = cpumed.get(label), cpumed.get("tshark")
                cpu_ratio = f"; {tc / c:.1f}x by CPU time" if c and tc else ""
                print(f"- {label}: {ts / m:.1f}x faster than tshark (median wall time, whole process){cpu_ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
