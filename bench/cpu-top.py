#!/usr/bin/env python3
"""Summarises async-profiler 'collapsed' output recorded with 'threads' (bench/profile-cpu.sh): CPU time per
thread, the pipeline thread split by stage, and the hottest leaf frames of the pipeline stage."""
import argparse
import collections

# Pipeline-thread stages, tested in this order on the whole stack: the first stage with a marker on it wins
# (so the parsers and the output, which run inside the flow table's calls, are not counted as flow table).
PICOCLI = ("picocli/CommandLine.<init>", "io/proxyaudit/cli/Main.alone", "picocli/CommandLine.parseArgs",
           "picocli/CommandLine$Interpreter")
PIPELINE = "io/proxyaudit/flow/FlowPipeline.run"
IN_PIPELINE = [
    ("output: records built, judged (analyze) and written", ("io/proxyaudit/report/", "io/proxyaudit/cli/FlowsCommand$",
                                                             "io/proxyaudit/flow/FlowTable.toRecord",
                                                             "io/proxyaudit/audit/Auditor")),
    ("application parsers: TLS, HTTP, DNS (per flow or message)", ("io/proxyaudit/flow/TcpApp",
                                                                   "io/proxyaudit/flow/DnsTracker", "io/proxyaudit/proto/")),
    ("reader: read system call, record framing", ("io/proxyaudit/capture/",)),
    ("decoder: link, IP, TCP, UDP headers", ("io/proxyaudit/decode/",)),
    ("flow table: lookup, counters, stream heads (per packet)", ("io/proxyaudit/flow/",)),
]


def stage_of(frames):
    joined = ";".join(frames)
    if any(m in joined for m in PICOCLI):
        return "start-up: picocli builds the command and parses arguments"
    if PIPELINE in joined:
        for name, marks in IN_PIPELINE:
            if any(m in joined for m in marks):
                return name
        return "pipeline: loop itself, JIT and GC stubs"
    if "io/proxyaudit/" in joined:
        return "after the pipeline: audit summary, report, output"
    return "other: JVM start-up, class loading, exit"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--interval-ns", type=int, default=1_000_000)
    ap.add_argument("--event", default="cpu")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    ms = a.interval_ns / 1e6 / len(a.files)
    threads = collections.Counter()
    stages = collections.Counter()
    leaves = collections.Counter()
    for f in a.files:
        for line in open(f):
            stack, n = line.rsplit(" ", 1)
            n = int(n)
            frames = stack.split(";")
            name = frames[0].split(" tid=")[0].strip("[]")
            name = name.rstrip("0123456789 ") if name.startswith("C1 Compiler") or name.startswith("C2 Compiler") else name
            threads[name] += n
            if name == "main":
                stages[stage_of(frames[1:])] += n
                if any("io/proxyaudit/flow/FlowPipeline.run" in x for x in frames):
                    leaves[frames[-1]] += n
    print(f"## CPU by thread (event {a.event}, ms per run, {len(a.files)} run(s))")
    for t, n in threads.most_common():
        print(f"{n * ms:9.1f}  {t}")
    print("\n## pipeline thread ('main') by stage (ms per run)")
    for s, n in stages.most_common():
        print(f"{n * ms:9.1f}  {s}")
    print(f"\n## hottest leaf frames inside FlowPipeline.run (ms per run)")
    for f, n in leaves.most_common(a.top):
        print(f"{n * ms:9.1f}  {f}")


if __name__ == "__main__":
    main()
