#!/usr/bin/env python3
"""Plots Benchmarks/results/read-latency.csv (written by read-latency.sh): one line per command,
ledger size in events on a log x axis, median whole-process latency in ms on the y axis.

Usage: plot-read-latency.py [CSV (Benchmarks/results/read-latency.csv)] [PNG (docs/read-latency.png)]
Needs matplotlib (Benchmarks/scripts/plot-read-latency.sh makes a venv with it).
"""
import csv, sys
from collections import defaultdict

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

source = sys.argv[1] if len(sys.argv) > 1 else "Benchmarks/results/read-latency.csv"
target = sys.argv[2] if len(sys.argv) > 2 else "docs/read-latency.png"
series = defaultdict(list)
with open(source, newline="") as handle:
    for row in csv.DictReader(handle):
        series[row["command"]].append((int(row["size"]), float(row["median_ms"])))
if not series:
    sys.exit(f"plot-read-latency: no rows in {source}")
figure, axes = plt.subplots(figsize=(8, 4.5), dpi=120)
for command, points in sorted(series.items()):
    points.sort()
    axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=command)
axes.set_xscale("log")
axes.set_xlabel("events in the ledger")
axes.set_ylabel("median whole-process latency (ms)")
axes.set_title("dcl read and write latency by ledger size (embedded SQLite, release build)")
axes.set_ylim(bottom=0)
axes.grid(True, which="both", alpha=0.3)
axes.legend(ncol=2, fontsize="small")
figure.tight_layout()
figure.savefig(target)
print(f"wrote {target}")
