#!/usr/bin/env python3
"""Summarises `jfr print --json` output: execution samples by self method and by top-3 stack,
allocation samples (weight) by allocating frame. Used by bench/profile.sh."""
import argparse
import collections
import json


def frames(ev):
    st = ev.get("values", {}).get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f.get("method", {})
        cls = m.get("type", {}).get("name", "?")
        out.append(f"{cls}.{m.get('name', '?')}:{f.get('lineNumber', '?')}")
    return out


def events(path):
    with open(path) as f:
        return json.load(f).get("recording", {}).get("events", [])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("samples")
    ap.add_argument("alloc")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    ev = events(a.samples)
    self_c, stack_c, method_c = collections.Counter(), collections.Counter(), collections.Counter()
    for e in ev:
        fr = frames(e)
        if not fr:
            continue
        self_c[fr[0]] += 1
        method_c[fr[0].rsplit(":", 1)[0]] += 1
        stack_c[" <- ".join(fr[:3])] += 1
    n = sum(self_c.values()) or 1
    print(f"## execution samples: {n}\n\n### self time by method")
    for k, v in method_c.most_common(a.top):
        print(f"{100 * v / n:5.1f}%  {k}")
    print("\n### self time by line")
    for k, v in self_c.most_common(a.top):
        print(f"{100 * v / n:5.1f}%  {k}")
    print("\n### top-3 stacks")
    for k, v in stack_c.most_common(15):
        print(f"{100 * v / n:5.1f}%  {k}")
    al = collections.Counter()
    for e in events(a.alloc):
        fr = frames(e)
        cls = e.get("values", {}).get("objectClass", {}).get("name", "?")
        w = e.get("values", {}).get("weight", 0)
        al[f"{cls} @ {fr[0] if fr else '?'}"] += w
    tot = sum(al.values()) or 1
    print(f"\n## allocation samples: {tot / 1e6:.1f} MB sampled weight")
    for k, v in al.most_common(a.top):
        print(f"{100 * v / tot:5.1f}%  {v / 1e6:9.1f} MB  {k}")


if __name__ == "__main__":
    main()
