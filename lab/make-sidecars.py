#!/usr/bin/env python3
"""Writes samples/<scenario>/capture.env, the configuration sidecar that `proxyaudit analyze --env-file`
and `proxyaudit batch` read, from the environment the lab gave the go command (truth.json "env.go")
(or, where there is no go command, the one environment every command got) and the scenario's git config (evidence/gitconfig.txt, as git.<key>=VALUE lines)."""
import glob
import json
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "samples")
for truth_path in sorted(glob.glob(os.path.join(root, "*", "truth.json"))):
    d = os.path.dirname(truth_path)
    t = json.load(open(truth_path))
    # dockerd's own environment (v1, v2) is the daemon's, not the job's: the audit is given what the job had
    envs = {k: v for k, v in t.get("env", {}).items() if k != "dockerd"}
    if "go" in envs or not any(envs.values()):
        env = envs.get("go", {})
        lines = [f"# {t['scenario']}: the environment the lab gave the go command (from truth.json)"]
    else:  # the package-manager scenarios give every command the same environment
        env = next(iter(envs.values()), {})
        assert all(e == env for e in envs.values()), t["scenario"] + ": commands with different environments"
        lines = [f"# {t['scenario']}: the environment the lab gave every command (from truth.json)"]
    gv = t.get("go_version") or ""
    if gv.startswith("go"):
        lines.append(f"GOVERSION={gv}")
    for k, v in env.items():
        lines.append(f"{k}='{v}'")
    gc = os.path.join(d, "evidence", "gitconfig.txt")
    if os.path.exists(gc):
        section = None
        for raw in open(gc):
            s = raw.strip()
            m = re.match(r'\[(\w+)(?:\s+"(.*)")?\]', s)
            if m:
                section = m.group(1) + ("." + m.group(2) if m.group(2) else "")
            elif "=" in s and section:
                k, v = (x.strip() for x in s.split("=", 1))
                lines.append(f"git.{section}.{k}='{v}'")
    cap = t["capture"]["file"]
    base = cap.split(".")[0]
    with open(os.path.join(d, base + ".env"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(os.path.join(d, base + ".env"))
