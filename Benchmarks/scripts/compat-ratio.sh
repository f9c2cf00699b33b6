#!/usr/bin/env bash
# Same-run comparison: dcl's compatibility check vs Apache Avro's Python reference on the same
# 100 schema pairs (ordo-one benchmarks: versions prepared inside each check, and prepared once).
# Prints both times per check and the ratio. scripts/compat-inprocess.sh does the same without SwiftPM.
set -euo pipefail
cd "$(dirname "$0")/.."
root=..
[ -x "$root/scripts/avro-oracle/.venv-avro/bin/python" ] || bash "$root/scripts/avro-oracle/setup.sh" >/dev/null
rm -rf /tmp/dcl-compat-bench
swift package --allow-writing-to-package-directory benchmark --target LedgerBenchmarks \
  --filter "Compatibility.*" --format jmh --path /tmp/dcl-compat-bench >/dev/null
python_us=$("$root/scripts/avro-oracle/.venv-avro/bin/python" scripts/compat_reference.py 20 | python3 -c 'import json,sys; print(json.load(sys.stdin)["microsecondsPerCheck"])')
PYTHON_US=$python_us python3 - <<'PY'
import glob, json, os
python_us = float(os.environ["PYTHON_US"])
entries = []
for path in glob.glob('/tmp/dcl-compat-bench/**/*.json', recursive=True):
    entries += json.load(open(path))
for entry in entries:
    if "Compatibility" not in entry["benchmark"]:
        continue
    metric = entry["primaryMetric"]
    score, unit = metric["score"], metric["scoreUnit"].replace(" ", "")
    if unit == "#/s":
        swift_us = 1e6 / score          # throughput: checks per second
    else:
        swift_us = score * {"ns/op": 1e-3, "us/op": 1, "ms/op": 1e3, "s/op": 1e6}.get(unit, 1)
    print(f"{entry['benchmark']}: dcl {swift_us:.1f} us/check  python avro: {python_us:.1f} us/check  speed-up: {python_us / swift_us:.1f}x")
PY
