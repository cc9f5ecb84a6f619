#!/usr/bin/env python3
"""Runs every git row of route-cases.tsv through real git (git ls-remote with GIT_TRACE_CURL) in a sandbox
without DNS and writes id<TAB>observed: 'proxy <name>' when curl tried to resolve the proxy, 'direct' when it
tried the target itself (or ssh ran), 'error' otherwise. git.<key>=V entries become 'git -c <key>=V'.
Usage: observe_git.py route-cases.tsv > observed.tsv"""
import os, re, subprocess, sys, tempfile
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip() and not l.startswith('#')]
ver = subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()
curl = subprocess.run(['curl', '--version'], capture_output=True, text=True).stdout.split('\n')[0].split(' ')[1]
print(f"# produced by observe_git.py with {ver}, curl {curl}")
home = tempfile.mkdtemp()
for r in rows:
    rid, client, env, versions, url = r[0], r[1], r[2], r[3], r[4]
    if client != 'git':
        continue
    e = {'PATH': '/usr/bin:/bin', 'HOME': home, 'GIT_CONFIG_NOSYSTEM': '1', 'GIT_TERMINAL_PROMPT': '0',
         'GIT_TRACE_CURL': '1', 'GIT_TRACE_CURL_NO_DATA': '1', 'GIT_SSH_COMMAND': 'echo SSH-USED >&2; false'}
    cfg = []
    proxy_hosts = set(re.findall(r'(?<!no_)(?<!NO_)(?:proxy|PROXY)=(?:[a-z0-9]+://)?([^:/;@]+)', env))
    if env != '-':
        for kv in env.split(';'):
            k, v = kv.split('=', 1)
            if k.startswith('git.'):
                cfg += ['-c', k[4:] + '=' + v]
            else:
                e[k] = v
    try:
        p = subprocess.run(['git'] + cfg + ['ls-remote', url], env=e, capture_output=True, text=True, timeout=8)
        out = p.stderr + p.stdout
    except subprocess.TimeoutExpired as t:
        out = (t.stderr or b'').decode() if isinstance(t.stderr, bytes) else (t.stderr or '')
        out += '\nTIMEOUT'
    target = re.sub(r'^[a-z+]+://([^/@]*@)?', '', url).split('/')[0].rsplit(':', 1)[0] if '://' in url else ''
    m = re.search(r'Could not resolve proxy: (\S+)', out)
    h = re.search(r'Could not resolve host: (\S+)', out)
    if m:
        res = 'proxy ' + m.group(1)
    elif h and h.group(1) in proxy_hosts:
        res = 'proxy ' + h.group(1)  # a SOCKS proxy name is reported as a host
    elif 'SSH-USED' in out or re.search(r'Could not resolve host|Failed to connect to|unable to look up|Trying |TIMEOUT', out):
        res = 'direct'
    else:
        res = 'error ' + ' '.join(out.split())[-120:]
    print(rid + '\t' + res)
