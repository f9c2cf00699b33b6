#!/usr/bin/env bash
# Whole-process latency of the read commands and the two writes at several ledger sizes, on the
# embedded log: each ledger is filled with RebuildBaseline's workload (publishes, then quality
# results round-robin over the products), projected once, then every command runs RUNS times
# one after the other and the median is reported, with its ratio to the smallest ledger's.
#
# Usage: Benchmarks/scripts/read-latency.sh [--sizes "1000 1000000"] [--contracts 10000] [--runs 7]
# Writes Benchmarks/results/read-latency.csv (size,command,median_ms).
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="1000 1000000"; contracts=10000; runs=7
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --contracts) contracts="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "read-latency: unknown option $1" >&2; exit 2 ;;
  esac
done
swift build -c release --product dcl >&2
dcl="$(swift build -c release --show-bin-path)/dcl"
(cd Benchmarks && swift build -c release --product RebuildBaseline >&2)
baseline="$(cd Benchmarks && swift build -c release --show-bin-path)/RebuildBaseline"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p Benchmarks/results
csv=Benchmarks/results/read-latency.csv
echo "size,command,median_ms" > "$csv"

median_ms() {  # runs "$@" $runs times, prints the median wall time in ms
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "read-latency: failed: $*" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

for size in $sizes; do
  ledger="$work/ledger-$size.db"; store="$work/read-$size.db"
  products=$(( contracts < size ? contracts : size / 2 ))
  "$baseline" fill --ledger "$ledger" --events "$size" --contracts "$products" >&2
  "$dcl" project --until-caught-up --ledger "$ledger" --store "$store" >&2
  cat > "$work/new-$size.yaml" <<YAML
apiVersion: v3.1.0
kind: DataContract
id: bench.new_product
name: New product
version: 1.0.0
status: active
domain: bench
dataProduct: new_product
team:
  members:
    - username: bench@company.com
      role: owner
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: integer
        required: true
YAML
  id=bench.product_1
  rule=$("$dcl" show "$id" --ledger "$ledger" --store "$store" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["contract"]["quality"][0]["name"])')
  middle=$("$dcl" timeline "$id" --ledger "$ledger" --store "$store" --json | python3 -c 'import json,sys; e=json.load(sys.stdin); print(e[len(e)//2]["recordedAt"])')
  common=(--ledger "$ledger" --store "$store")
  declare -A commands=(
    [show]="show $id"
    [history]="history $id --json"
    [versions]="versions $id --json"
    [catalog]="catalog product_1 --json"
    [dashboard]="dashboard quality --domain bench --json"
    [as-of]="catalog product_1 --as-of $middle --json"
    [quality-record]="quality record $id --rule $rule --passed"
  )
  for name in show history versions catalog dashboard as-of quality-record; do
    # shellcheck disable=SC2086
    ms=$(median_ms "$dcl" ${commands[$name]} "${common[@]}")
    echo "$size,$name,$ms" >> "$csv"
    echo "size=$size $name: ${ms} ms" >&2
  done
  # publish: a new version each run (the first publish, then patch versions).
  start=$(date +%s%N)
  "$dcl" publish "$work/new-$size.yaml" "${common[@]}" >/dev/null
  end=$(date +%s%N)
  echo "$size,publish,$(( (end - start) / 1000000 ))" >> "$csv"
done

python3 - "$csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sizes = sorted({int(r["size"]) for r in rows})
by = {(int(r["size"]), r["command"]): int(r["median_ms"]) for r in rows}
commands = list(dict.fromkeys(r["command"] for r in rows))
print("command".ljust(16) + "".join(f"{s:>12}" for s in sizes) + "   ratio largest/smallest")
for c in commands:
    values = [by.get((s, c)) for s in sizes]
    ratio = values[-1] / values[0] if values[0] else float("nan")
    print(c.ljust(16) + "".join(f"{v:>10}ms" for v in values) + f"   {ratio:.2f}")
PY
