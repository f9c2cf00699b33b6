#!/usr/bin/env bash
# Same-run comparison, in process: dcl's compatibility checker against Apache Avro's Python
# reference on the same 100 pairs (the newest of 101 versions of a 100-field record against each
# earlier one, BACKWARD_TRANSITIVE), run in turn, ROUNDS times. The checker (Sources/DCLDomain,
# which needs nothing but the standard library) is compiled with the loop in compat-loop/main.swift
# by `swiftc -O`, so this needs no SwiftPM build; the ordo-one benchmark of the same check is in
# Benchmarks/LedgerBenchmarks (compat-ratio.sh). Prints each run and the median ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
[ -x scripts/avro-oracle/.venv-avro/bin/python ] || bash scripts/avro-oracle/setup.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swiftc -O -wmo -parse-as-library -module-name CompatLoop $(find Sources/DCLDomain -name '*.swift') \
  Benchmarks/scripts/compat-loop/main.swift -o "$work/compat-loop" 2>/dev/null
for _ in $(seq "$rounds"); do
  "$work/compat-loop" 200 5
  scripts/avro-oracle/.venv-avro/bin/python Benchmarks/scripts/compat_reference.py 5
done | python3 -c '
import json, statistics, sys
runs = [json.loads(line) for line in sys.stdin]
dcl = [r for r in runs if "microsecondsPerCheckUnprepared" in r]
avro = [r["microsecondsPerCheck"] for r in runs if "microsecondsPerCheckUnprepared" not in r]
prepared = [r["microsecondsPerCheck"] for r in dcl]
unprepared = [r["microsecondsPerCheckUnprepared"] for r in dcl]
for p, u, a in zip(prepared, unprepared, avro):
    print(f"dcl {p:8.1f} us/check (prepared once) {u:8.1f} us/check (from SchemaType)   avro {a:9.1f} us/check   {a / p:6.1f}x {a / u:6.1f}x")
print(f"median: dcl {statistics.median(prepared):.1f} us prepared, {statistics.median(unprepared):.1f} us from SchemaType; "
      f"avro {statistics.median(avro):.1f} us; speed-up {statistics.median([a / p for p, a in zip(prepared, avro)]):.1f}x prepared, "
      f"{statistics.median([a / u for u, a in zip(unprepared, avro)]):.1f}x from SchemaType")
'
