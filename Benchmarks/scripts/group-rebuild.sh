#!/usr/bin/env bash
# Rebuild of every read model from the mock Kafka cluster by 1, 2 and 3 `dcl project --group` members at
# once, into one SQLite store and into one PostgreSQL store; beside it, `kcat -C` reading the same topics.
# Each member stops with --until-caught-up once every partition is in the store; the figure is the
# ledger's events over the wall time from starting the members to the last one's exit.
#
# Usage: Benchmarks/scripts/group-rebuild.sh [--events N (200000)] [--contracts C (2000)]
#                                             [--partitions P (48)] [--members "1 2 3"] [--stores "sqlite postgres"]
# Needs: a release dcl (DCL=path, default .build-release/release/dcl), RebuildBaseline (RB=path; built from
# Benchmarks/ when missing) for the fill, kcat, and for PostgreSQL the Debian postgresql package
# (a server is started on a free loopback port in a temporary folder, as user postgres when root).
set -euo pipefail
cd "$(dirname "$0")/../.."
events=200000 contracts=2000 partitions=48 members="1 2 3" stores="sqlite postgres"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --contracts) contracts=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --members) members=$2; shift 2 ;;
    --stores) stores=$2; shift 2 ;;
    *) echo "group-rebuild: unknown argument $1" >&2; exit 2 ;;
  esac
done
dcl=${DCL:-.build-release/release/dcl}
[[ -x "$dcl" ]] || { echo "group-rebuild: no dcl at $dcl (swift build -c release --static-swift-stdlib --scratch-path .build-release --product dcl)" >&2; exit 2; }
rb=${RB:-}
if [[ -z "$rb" ]]; then
  (cd Benchmarks && swift build -c release --product RebuildBaseline >&2)
  rb="$(cd Benchmarks && swift build -c release --show-bin-path)/RebuildBaseline"
fi
kcat=$(command -v kcat || command -v kafkacat) || { echo "group-rebuild: kcat not found" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

"$dcl" dev kafka --brokers 1 --partitions "$partitions" > "$work/broker.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 100); do grep -q '^bootstrap=' "$work/broker.out" 2>/dev/null && break; sleep 0.1; done
bootstrap=$(sed -n 's/^bootstrap=//p' "$work/broker.out" | head -1)
"$rb" fill --bootstrap "$bootstrap" --events "$events" --contracts "$contracts" >&2
total=0
for topic in dcl.contracts.v1 dcl.quality.v1; do
  count=$("$kcat" -C -b "$bootstrap" -t "$topic" -e -q -o beginning -f '\n' | wc -l)
  total=$((total + count))
done
start=$(date +%s.%N)
for topic in dcl.contracts.v1 dcl.quality.v1; do "$kcat" -C -b "$bootstrap" -t "$topic" -e -q -o beginning > /dev/null; done
kcat_rate=$(echo "$total / ($(date +%s.%N) - $start)" | bc -l)
printf 'ledger: %d records over %d partitions per topic; kcat -C: %.0f records/s\n' "$total" "$partitions" "$kcat_rate"

pg_url=""
if [[ " $stores " == *" postgres "* ]]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/pg"
  as=(); [[ $(id -u) == 0 ]] && { chown postgres "$work/pg"; chmod 755 "$work"; as=(runuser -u postgres --); }
  "${as[@]}" "$bin/initdb" -D "$work/pg/data" -U postgres -A trust > /dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$work/pg/data" -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=on" -l "$work/pg/log" -w start > /dev/null
  pids+=("$(head -1 "$work/pg/data/postmaster.pid")")
  pg_url="postgres://postgres@127.0.0.1:$port"
fi

printf '%-9s %-8s %12s %10s\n' store members events/s "vs kcat"
for store in $stores; do
  for n in $members; do
    run="$store-$n"
    if [[ $store == postgres ]]; then
      psql "$pg_url/postgres" -qc "CREATE DATABASE \"run_$n\"" > /dev/null
      target="$pg_url/run_$n"
    else
      target="$work/$run.db"
    fi
    start=$(date +%s.%N)
    members_pids=()
    for i in $(seq "$n"); do
      "$dcl" project --kafka "$bootstrap" --group "g-$run" --store "$target" --until-caught-up > "$work/$run-$i.out" 2> "$work/$run-$i.err" &
      members_pids+=($!)
    done
    for pid in "${members_pids[@]}"; do wait "$pid" || { echo "group-rebuild: a member failed:" >&2; cat "$work/$run"-*.err >&2; exit 1; }; done
    seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
    rate=$(echo "$total / $seconds" | bc -l)
    printf '%-9s %-8s %12.0f %9.3fx\n' "$store" "$n" "$rate" "$(echo "$rate / $kcat_rate" | bc -l)"
  done
done
