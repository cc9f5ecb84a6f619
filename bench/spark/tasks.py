#!/usr/bin/env python3
"""Work division of a Spark run from its event log (spark.eventLog.enabled): per stage, the number of tasks, their
records read and their run time (min / median / max / sum), and the stage's wall time: how the captures spread over
the tasks (one capture is never split: a large one is one task)."""
import json
import os
import statistics
import sys

stages = {}
names = {}
files = []
for arg in sys.argv[1:]:  # an event log file, or Spark 4's rolling log directory (eventlog_v2_*/events_N_*)
    files += sorted(os.path.join(arg, n) for n in os.listdir(arg) if n.startswith("events_")) if os.path.isdir(arg) else [arg]
for path in files:
    with open(path) as f:
        for line in f:
            e = json.loads(line)
            ev = e.get("Event")
            if ev == "SparkListenerStageCompleted":
                info = e["Stage Info"]
                names[info["Stage ID"]] = (info["Stage Name"], info.get("Submission Time"), info.get("Completion Time"))
            elif ev == "SparkListenerTaskEnd":
                info = e["Task Info"]
                m = e.get("Task Metrics") or {}
                records = (m.get("Input Metrics") or {}).get("Records Read", 0)
                stages.setdefault(e["Stage ID"], []).append((info["Finish Time"] - info["Launch Time"], records))
for sid in sorted(stages):
    tasks = stages[sid]
    times = sorted(t for t, _ in tasks)
    name, start, end = names.get(sid, ("?", None, None))
    wall = (end - start) / 1000 if start and end else float("nan")
    print("stage %d %-40s tasks %4d  records %6d  task s: min %.2f median %.2f max %.2f sum %.1f  stage wall %.1f s"
          % (sid, name[:40], len(tasks), sum(r for _, r in tasks), times[0] / 1000, statistics.median(times) / 1000,
             times[-1] / 1000, sum(times) / 1000, wall))
