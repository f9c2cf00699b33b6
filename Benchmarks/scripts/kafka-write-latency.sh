#!/usr/bin/env bash
# Whole-process latency of `dcl quality record` and `dcl publish` on the mock Kafka cluster at several
# ledger sizes. Per size: a fresh mock cluster (RebuildBaseline mock: 3 brokers, dcl.quality.v1 with 512
# partitions), filled with RebuildBaseline's workload, projected once into a store (`dcl project
# --until-caught-up`), then each write runs RUNS times one after the other with that store as $DCL_STORE
# (writers read stream heads from it and the tail of their partition after its cursor) and the median
# is reported. Then the same writes without a store (each reads its streams' partitions from the start).
#
# Usage: Benchmarks/scripts/kafka-write-latency.sh [--sizes "1000 1000000"] [--runs 7]
#                                                  [--dcl PATH --baseline PATH]   (already built release binaries)
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="1000 1000000"; runs=7; dcl=""; baseline=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --dcl) dcl="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    *) echo "kafka-write-latency: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$dcl" ]]; then
  swift build -c release --product dcl >&2
  dcl="$(swift build -c release --show-bin-path)/dcl"
fi
if [[ -z "$baseline" ]]; then
  (cd Benchmarks && swift build -c release --product RebuildBaseline >&2)
  baseline="$(cd Benchmarks && swift build -c release --show-bin-path)/RebuildBaseline"
fi
work=$(mktemp -d)
mock_pid=""
cleanup() { [[ -n "$mock_pid" ]] && kill "$mock_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

median_ms() {  # runs the command built by "$@" with the run number appended to {} $runs times
  local times=()
  for run in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "${@//\{\}/$run}" >/dev/null 2>"$work/err" || { echo "kafka-write-latency: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

for size in $sizes; do
  mkfifo "$work/mock-in-$size"
  "$baseline" mock --partitions 512 < "$work/mock-in-$size" > "$work/mock-out-$size" &
  mock_pid=$!
  exec 9>"$work/mock-in-$size"
  until grep -q bootstrap= "$work/mock-out-$size" 2>/dev/null; do sleep 0.2; done
  bootstrap=$(sed -n 's/^bootstrap=//p' "$work/mock-out-$size")
  products=$(( 10000 < size ? 10000 : size / 2 ))
  "$baseline" fill --bootstrap "$bootstrap" --events "$size" --contracts "$products" >&2
  store="$work/read-$size.db"
  "$dcl" project --until-caught-up --kafka "$bootstrap" --store "$store" >&2
  for run in $(seq "$runs"); do
    sed "s/NAME/new_product_$run/" > "$work/new-$run.yaml" <<YAML
apiVersion: v3.1.0
kind: DataContract
id: bench.NAME
name: New product
version: 1.0.0
status: active
domain: bench
dataProduct: NAME
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
  done
  rule=$("$dcl" show bench.product_1 --kafka "$bootstrap" --store "$store" --stale-ok --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["contract"]["quality"][0]["name"])')
  record_store=$(DCL_STORE="$store" median_ms "$dcl" quality record bench.product_1 --rule "$rule" --passed --kafka "$bootstrap")
  publish_store=$(DCL_STORE="$store" median_ms "$dcl" publish "$work/new-{}.yaml" --kafka "$bootstrap")
  record_none=$(DCL_STORE="$work/none.db" median_ms "$dcl" quality record bench.product_1 --rule "$rule" --passed --kafka "$bootstrap")
  echo "size=$size quality record: ${record_store} ms with the store, ${record_none} ms without; publish (new contract): ${publish_store} ms with the store"
  exec 9>&-
  wait "$mock_pid" || true
  mock_pid=""
done
