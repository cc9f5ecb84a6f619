#!/usr/bin/env python3
"""Runs every go row of route-cases.tsv through real Go (goprobe: net/http ProxyFromEnvironment) and writes
id<TAB>observed (direct | error | proxy <url>). Usage: observe_go.py route-cases.tsv goprobe > observed.tsv"""
import subprocess, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip() and not l.startswith('#')]
print("# produced by observe_go.py with " + subprocess.run(['go', 'version'], capture_output=True, text=True).stdout.strip())
for r in rows:
    rid, client, env, versions, url = r[0], r[1], r[2], r[3], r[4]
    if client != 'go':
        continue
    e = {}
    if env != '-':
        for kv in env.split(';'):
            k, v = kv.split('=', 1)
            e[k] = v.strip() if k == 'NO_PROXY' and False else v
    out = subprocess.run([sys.argv[2], url], env=e, capture_output=True, text=True).stdout.strip()
    print(rid + '\t' + out.replace('\t', ' '))
