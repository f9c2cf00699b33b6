#!/usr/bin/env python3
"""Plots the CSVs read-latency.sh writes (log,size,command,median_ms; older ones without the log
column are the embedded log's): one line per command, ledger size in events on a log x axis, median
whole-process latency in ms on a log y axis, one panel per log (embedded SQLite, mock Kafka).

Usage: plot-read-latency.py [PNG (docs/read-latency.png)] [CSV ...]
       (default CSVs: Benchmarks/results/read-latency.csv and, when it exists, read-latency-kafka.csv)
Needs matplotlib (Benchmarks/scripts/plot-read-latency.sh makes a venv with it).
"""
import csv, os, sys
from collections import defaultdict

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

target = sys.argv[1] if len(sys.argv) > 1 else "docs/read-latency.png"
sources = sys.argv[2:] or [path for path in ("Benchmarks/results/read-latency.csv",
                                             "Benchmarks/results/read-latency-kafka.csv") if os.path.exists(path)]
series = defaultdict(lambda: defaultdict(list))  # log → command → [(size, ms)]
for source in sources:
    with open(source, newline="") as handle:
        for row in csv.DictReader(handle):
            series[row.get("log") or "embedded"][row["command"]].append((int(row["size"]), float(row["median_ms"])))
if not series:
    sys.exit(f"plot-read-latency: no rows in {', '.join(sources) or 'no CSV'}")
titles = {"embedded": "embedded SQLite log", "kafka": "mock Kafka cluster"}
logs = [log for log in ("embedded", "kafka") if log in series] + sorted(set(series) - {"embedded", "kafka"})
figure, panels = plt.subplots(1, len(logs), figsize=(6.5 * len(logs), 4.5), dpi=120, squeeze=False)
for axes, log in zip(panels[0], logs):
    for command, points in sorted(series[log].items()):
        points.sort()
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=command)
    axes.set_xscale("log")
    axes.set_xlabel("events in the ledger")
    axes.set_ylabel("median whole-process latency (ms)")
    axes.set_title(titles.get(log, log))
    axes.set_yscale("log")  # one slow command (the dashboard) would flatten the others on a linear axis
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(ncol=2, fontsize="small")
figure.suptitle("dcl read and write latency by ledger size (release build, median)")
figure.tight_layout()
figure.savefig(target)
print(f"wrote {target}")
