#!/usr/bin/env bash
# Draws docs/read-latency.png from the CSVs read-latency.sh writes (embedded log and, when measured, Kafka),
# with matplotlib from a virtual environment kept in Benchmarks/.venv-plot.
# Usage: Benchmarks/scripts/plot-read-latency.sh [PNG] [CSV ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=Benchmarks/.venv-plot
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet matplotlib
fi
exec "$venv/bin/python" Benchmarks/scripts/plot-read-latency.py "$@"
