#!/usr/bin/env bash
# Whole-process latency of the read commands and the two writes at several ledger sizes, on the
# embedded log or on librdkafka's mock Kafka cluster: each ledger is filled with RebuildBaseline's
# workload (publishes, then quality results round-robin over the products; on Kafka ~1 % racing
# duplicates too), projected once into an empty store (`dcl project --until-caught-up`, its wall
# time and peak RSS recorded). Then each command runs RUNS times at every size, the sizes taking
# turns run by run (the machine is noisy: a size measured minutes after another differs by more
# than these commands take), and the median per size is reported, with its ratio to the smallest
# ledger's. The catalog search, its --as-of and the
# dashboard run twice: whole (their answers grow with the products: 112 matches and 500 products at
# 1k events, 1,112 and 10,000 from 1M on) and as their first page of 100 (`--limit 100`, the same
# answer at every size). `publish` publishes a new patch
# version of one new contract per run (its first version is published before the timed runs).
#
# On Kafka each size gets a fresh mock cluster (`RebuildBaseline mock`: 3 brokers, dcl.contracts.v1
# with 16 partitions, dcl.quality.v1 with PARTITIONS; the mock keeps ~5 MiB per partition; all of
# them run until the end), the
# commands run with `--kafka BOOTSTRAP --store STORE`, and the writes with the store as $DCL_STORE
# (writers read stream heads from it and their partition's tail after its cursor).
#
# Usage: Benchmarks/scripts/read-latency.sh [--sizes "1000 1000000"] [--contracts 10000] [--runs 7]
#                                          [--log embedded|kafka] [--partitions 512]
#                                          [--keep DIR]   (work in DIR and keep it: ledgers, stores)
#                                          [--csv FILE]   (default Benchmarks/results/read-latency.csv,
#                                                          read-latency-kafka.csv with --log kafka)
#                                          [--dcl PATH --baseline PATH]   (already built release binaries)
# Writes CSV (log,size,command,median_ms) and, beside it, CSV minus .csv plus -projection.csv
# (log,size,events,seconds,peak_mib: the projection from an empty store, GNU time).
# With --keep, an embedded ledger DIR/ledger-SIZE.db that already exists is reused, not filled again.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="1000 1000000"; contracts=10000; runs=7; log=embedded; partitions=512; keep=""; csv=""
dcl=""; baseline=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --contracts) contracts="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --log) log="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --csv) csv="$2"; shift 2 ;;
    --dcl) dcl="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    *) echo "read-latency: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$log" == embedded || "$log" == kafka ]] || { echo "read-latency: --log must be embedded or kafka, not $log" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "read-latency: GNU time not found (apt-get install time)" >&2; exit 2; }
if [[ -z "$dcl" ]]; then
  swift build -c release --product dcl >&2
  dcl="$(swift build -c release --show-bin-path)/dcl"
fi
if [[ -z "$baseline" ]]; then
  (cd Benchmarks && swift build -c release --product RebuildBaseline >&2)
  baseline="$(cd Benchmarks && swift build -c release --show-bin-path)/RebuildBaseline"
fi
mock_pids=()
stop_mocks() { for pid in "${mock_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
if [[ -n "$keep" ]]; then
  mkdir -p "$keep"
  work=$(cd "$keep" && pwd)
  trap 'stop_mocks' EXIT
else
  work=$(mktemp -d)
  trap 'stop_mocks; rm -rf "$work"' EXIT
fi
if [[ -z "$csv" ]]; then
  csv=Benchmarks/results/read-latency.csv
  [[ "$log" == kafka ]] && csv=Benchmarks/results/read-latency-kafka.csv
fi
projection_csv="${csv%.csv}-projection.csv"
mkdir -p "$(dirname "$csv")"
echo "log,size,command,median_ms" > "$csv"
echo "log,size,events,seconds,peak_mib" > "$projection_csv"

time_ms() {  # runs "$@" once; prints its wall time in ms
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>"$work/err" || { echo "read-latency: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() {  # the median of its arguments
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

contract_yaml() {  # id version → a small contract document
  cat <<YAML
apiVersion: v3.1.0
kind: DataContract
id: bench.$1
name: New product
version: $2
status: active
domain: bench
dataProduct: $1
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
}

# Set-up, size by size: a ledger (or a mock cluster, left running), its store, what the commands name.
declare -A source_of middle_of rule_of store_of
fd=9
for size in $sizes; do
  echo "size=$size ($log): load average at the start of its set-up:$(uptime | sed 's/.*load average://')" >&2
  store="$work/read-$log-$size.db"
  rm -f "$store" "$store"-*
  products=$(( contracts < size ? contracts : size / 2 ))
  if [[ "$log" == kafka ]]; then
    rm -f "$work/mock-in-$size" "$work/mock-out-$size"
    mkfifo "$work/mock-in-$size"
    "$baseline" mock --partitions "$partitions" < "$work/mock-in-$size" > "$work/mock-out-$size" &
    mock_pid=$!
    mock_pids+=("$mock_pid")
    # The mock serves until its standard input closes: this script holds the pipe open until it ends.
    eval "exec $fd>\"\$work/mock-in-\$size\""
    fd=$(( fd + 1 ))
    until grep -q bootstrap= "$work/mock-out-$size" 2>/dev/null; do
      kill -0 "$mock_pid" 2>/dev/null || { echo "read-latency: the mock cluster did not start" >&2; exit 1; }
      sleep 0.2
    done
    bootstrap=$(sed -n 's/^bootstrap=//p' "$work/mock-out-$size")
    "$baseline" fill --bootstrap "$bootstrap" --events "$size" --contracts "$products" >&2
    source_options=(--kafka "$bootstrap")
  else
    ledger="$work/ledger-$size.db"
    if [[ -n "$keep" && -f "$ledger" ]]; then
      echo "size=$size: reusing $ledger" >&2
    else
      rm -f "$ledger" "$ledger"-*
      "$baseline" fill --ledger "$ledger" --events "$size" --contracts "$products" >&2
    fi
    source_options=(--ledger "$ledger")
  fi
  common=("${source_options[@]}" --store "$store")

  /usr/bin/time -f "%e %M" -o "$work/time" "$dcl" project --until-caught-up "${common[@]}" >/dev/null 2>"$work/err" \
    || { echo "read-latency: the projection failed" >&2; cat "$work/err" >&2; exit 1; }
  read -r seconds kib < "$work/time"
  if [[ "$log" == kafka ]]; then
    events=$size   # records in the topics (the ~1 % duplicates are read, and rejected by the fold)
  else
    events=$(sqlite3 "file:$ledger?mode=ro" "SELECT count(*) FROM events")
  fi
  echo "$log,$size,$events,$seconds,$(( kib / 1024 ))" >> "$projection_csv"
  echo "size=$size ($log) project --until-caught-up: ${seconds} s, peak $(( kib / 1024 )) MiB" >&2

  id=bench.product_1
  source_of[$size]=${source_options[1]}   # the bootstrap servers or the ledger file
  store_of[$size]=$store
  rule_of[$size]=$("$dcl" show "$id" "${common[@]}" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["contract"]["quality"][0]["name"])')
  middle_of[$size]=$("$dcl" timeline "$id" "${common[@]}" --json | python3 -c 'import json,sys; e=json.load(sys.stdin); print(e[len(e)//2]["recordedAt"])')
  # The writes: a new contract per size, its first version published untimed; each timed run
  # publishes the next patch version, 1.0.RUN. On Kafka the store is the writers' heads ($DCL_STORE).
  product="new_product_$(date +%s)_$size"
  contract_yaml "$product" 1.0.0 > "$work/new-$size-0.yaml"
  for run in $(seq "$runs"); do contract_yaml "$product" "1.0.$run" > "$work/new-$size-$run.yaml"; done
  DCL_STORE="$store" "$dcl" publish "$work/new-$size-0.yaml" "${source_options[@]}" >/dev/null
done

# The timed runs: each command RUNS times per size, the sizes taking turns.
declare -A commands=(
  [show]="show bench.product_1"
  [history]="history bench.product_1 --json"
  [versions]="versions bench.product_1 --json"
  [catalog]="catalog product_1 --json"
  [catalog-page]="catalog product_1 --json --limit 100"
  [dashboard]="dashboard quality --domain bench --json"
  [dashboard-page]="dashboard quality --domain bench --json --limit 100"
  [as-of]="catalog product_1 --as-of {middle} --json"
  [as-of-page]="catalog product_1 --as-of {middle} --json --limit 100"
  [quality-record]="quality record bench.product_1 --rule {rule} --passed"
  [publish]="publish {work}/new-{size}-{run}.yaml"
)
echo "timed runs: load average at the start:$(uptime | sed 's/.*load average://')" >&2
for name in show history versions catalog catalog-page dashboard dashboard-page as-of as-of-page quality-record publish; do
  declare -A times=()
  for run in $(seq "$runs"); do
    for size in $sizes; do
      # The template split into words first, then filled in word by word: a path with a space stays one argument.
      read -r -a arguments <<< "${commands[$name]}"
      for index in "${!arguments[@]}"; do
        word=${arguments[$index]}
        word=${word//\{middle\}/${middle_of[$size]}}
        word=${word//\{rule\}/${rule_of[$size]}}
        word=${word//\{work\}/$work}
        word=${word//\{size\}/$size}
        arguments[$index]=${word//\{run\}/$run}
      done
      if [[ "$log" == kafka ]]; then arguments+=(--kafka "${source_of[$size]}"); else arguments+=(--ledger "${source_of[$size]}"); fi
      if [[ "$name" == quality-record || "$name" == publish ]]; then
        ms=$(DCL_STORE="${store_of[$size]}" time_ms "$dcl" "${arguments[@]}")
      else
        ms=$(time_ms "$dcl" "${arguments[@]}" --store "${store_of[$size]}")
      fi
      times[$size]="${times[$size]:-} $ms"
    done
  done
  for size in $sizes; do
    # shellcheck disable=SC2086
    ms=$(median ${times[$size]})
    echo "$log,$size,$name,$ms" >> "$csv"
    echo "size=$size ($log) $name: ${ms} ms (runs:${times[$size]})" >&2
  done
  unset times
done
echo "timed runs: load average at the end:$(uptime | sed 's/.*load average://')" >&2

python3 - "$csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sizes = sorted({int(r["size"]) for r in rows})
by = {(int(r["size"]), r["command"]): int(r["median_ms"]) for r in rows}
commands = list(dict.fromkeys(r["command"] for r in rows))
print("command".ljust(16) + "".join(f"{s:>12}" for s in sizes) + "".join(f"   {s}/{sizes[0]}" for s in sizes[1:]))
for c in commands:
    values = [by.get((s, c)) for s in sizes]
    ratios = "".join(f"   {v / values[0]:.2f}" if values[0] and v is not None else "   -" for v in values[1:])
    print(c.ljust(16) + "".join(f"{v:>10}ms" if v is not None else f"{'-':>12}" for v in values) + ratios)
PY
