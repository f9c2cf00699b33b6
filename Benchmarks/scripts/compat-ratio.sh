#!/usr/bin/env bash
# Same-run comparison: dcl's compatibility check vs Apache Avro's Python reference on the same
# 100 schema pairs. Prints both times per check and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
root=..
[ -x "$root/scripts/avro-oracle/.venv-avro/bin/python" ] || bash "$root/scripts/avro-oracle/setup.sh" >/dev/null
rm -rf /tmp/dcl-compat-bench
swift package --allow-writing-to-package-directory benchmark --target LedgerBenchmarks \
  --filter "Compatibility.*" --format jmh --path /tmp/dcl-compat-bench >/dev/null
swift_us=$(python3 - <<'PY'
import glob, json
entries = []
for path in glob.glob('/tmp/dcl-compat-bench/**/*.json', recursive=True):
    entries += json.load(open(path))
for entry in entries:
    if "Compatibility" in entry["benchmark"]:
        metric = entry["primaryMetric"]
        score, unit = metric["score"], metric["scoreUnit"].replace(" ", "")
        if unit == "#/s":
            print(1e6 / score)          # throughput: checks per second
        else:
            print(score * {"ns/op": 1e-3, "us/op": 1, "ms/op": 1e3, "s/op": 1e6}.get(unit, 1))
        break
PY
)
python_us=$("$root/scripts/avro-oracle/.venv-avro/bin/python" scripts/compat_reference.py 20 | python3 -c 'import json,sys; print(json.load(sys.stdin)["microsecondsPerCheck"])')
python3 -c "s=float('$swift_us'); p=float('$python_us'); print(f'dcl: {s:.1f} us/check  python avro: {p:.1f} us/check  speed-up: {p/s:.1f}x')"
