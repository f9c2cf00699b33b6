#!/usr/bin/env bash
# The seed's quality workload on PostgreSQL: the 10M-row CSV of quality_gen_csv.py loaded with COPY into
# a throwaway PostgreSQL (scripts/pg-test/pg-test-server.sh), then, in the same run and alternating,
#   - `dcl quality run` (release) with the seed's three rules (unique id, not_null date, range revenue
#     0..10,000,000) against the table, and
#   - psql running the very SQL dcl generated (read back from the server's statement log).
# Shows that dcl does one scan of the table (pg_stat_user_tables.seq_scan before/after, and the plan
# of EXPLAIN (ANALYZE, BUFFERS)), and reports wall time, rows/s and the ratio dcl / psql.
#
# Usage: Benchmarks/scripts/quality-run-postgres.sh [--csv PATH] [--rows N] [--dcl PATH] [--rounds R] [--baselines DIR]
#   --csv        reuse an existing CSV (else quality_gen_csv.py makes rows10m.csv in a temporary folder)
#   --rows       keep only the first N rows of it (default: all)
#   --dcl        an already built release dcl (else: swift build -c release --scratch-path .build-release)
#   --rounds     how many times each tool runs, alternating (default 3; the median is reported)
#   --baselines  the folder holding quality_gen_csv.py (default ../shared/baselines)
# Writes Benchmarks/results/quality-run-postgres.csv (tool,round,rows,seconds,rows_per_s).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
csv=""; rows=""; dcl=""; rounds=3; baselines="$root/../shared/baselines"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --csv) csv="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --dcl) dcl="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --baselines) baselines="$2"; shift 2 ;;
    *) echo "quality-run-postgres: unknown option $1" >&2; exit 2 ;;
  esac
done
source Benchmarks/scripts/quality-bench-lib.sh
dcl=$(quality_bench_dcl "$dcl")
psql_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/psql"
[[ -x "$psql_bin" ]] || psql_bin=psql
work=$(mktemp -d)
chmod 755 "$work"   # the server's user reads the CSV through psql's \copy only, but keep the folder reachable

# The server lives as long as its standard input (the coprocess pipe this script holds) stays open.
coproc PG { exec scripts/pg-test/pg-test-server.sh quality_bench; }
pg_pid=$PG_PID
pg_input=${PG[1]}
cleanup() { eval "exec ${pg_input}>&-"; wait "$pg_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
read -r url <&"${PG[0]}" || { echo "quality-run-postgres: PostgreSQL did not start" >&2; exit 1; }
echo "server: $url ($("$psql_bin" -X -A -t -d "$url" -c 'SHOW server_version'))" >&2

csv=$(quality_bench_csv "$csv" "$rows" "$baselines")
count=$(($(wc -l < "$csv") - 1))

# The table as a warehouse would type it; COPY reads the CSV (an empty revenue is NULL).
start=$(date +%s.%N)
"$psql_bin" -X -q -v ON_ERROR_STOP=1 -d "$url" <<SQL
CREATE TABLE rows (id bigint, date date, revenue double precision, order_count integer);
\copy rows FROM '$csv' WITH (FORMAT csv, HEADER true)
VACUUM ANALYZE rows;
ALTER SYSTEM SET log_min_duration_statement = 0;
SELECT pg_reload_conf() \g /dev/null
SQL
echo "loaded $count rows with COPY in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s; table $("$psql_bin" -X -A -t -d "$url" -c "SELECT pg_size_pretty(pg_table_size('rows'))")" >&2

quality_bench_publish_contract "$dcl" "$work/ledger.db"

seq_scans() { "$psql_bin" -X -A -t -d "$url" -c "SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'rows'"; }

mkdir -p Benchmarks/results
out=Benchmarks/results/quality-run-postgres.csv
echo "tool,round,rows,seconds,rows_per_s" > "$out"
measure() {  # tool round command...
  local tool=$1 round=$2; shift 2
  read -r seconds _ status _ < <(quality_bench_time "$work/$tool.out" "$@")
  if [[ "$status" != 0 && "$status" != 1 ]]; then echo "quality-run-postgres: $tool exited $status:" >&2; cat "$work/$tool.out" >&2; exit 1; fi
  local rate
  rate=$(python3 -c "print(round($count / $seconds))")
  echo "$tool,$round,$count,$seconds,$rate" >> "$out"
  printf '%-5s round %s %10s rows  %8.2f s  %12s rows/s   %s\n' "$tool" "$round" "$count" "$seconds" "$rate" \
    "$(tail -n 1 "$work/$tool.out" | cut -c1-100)"
}

# A first dcl run: its aggregate query, as the server logged it, is what psql runs below.
data_directory=$("$psql_bin" -X -A -t -d "$url" -c "SHOW data_directory")
log="$(dirname "$data_directory")/server.log"
before=$(seq_scans)
"$dcl" quality run sales.revenue_rows --source "$url" --ledger "$work/ledger.db" > "$work/first.out" || [[ $? == 1 ]]
sleep 1
after=$(seq_scans)
sql=$(grep -o 'execute <unnamed>: SELECT COUNT(\*).* FROM "rows"$' "$log" | tail -n 1 | sed 's/^execute <unnamed>: //')
[[ -n "$sql" ]] || { echo "quality-run-postgres: dcl's query is not in the server log" >&2; tail -n 20 "$log" >&2; exit 1; }
echo "dcl's checks of the object: $((after - before)) sequential scan(s) of rows (pg_stat_user_tables.seq_scan $before -> $after)"
echo "the generated SQL: $sql" | cut -c1-400
"$psql_bin" -X -q -d "$url" -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
echo "$sql" > "$work/query.sql"
echo "EXPLAIN (ANALYZE, BUFFERS):"
"$psql_bin" -X -A -t -d "$url" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $sql" | sed 's/^/  /'
cat "$work/first.out" | tail -n 6

for round in $(seq 1 "$rounds"); do
  measure psql "$round" "$psql_bin" -X -A -t -d "$url" -f "$work/query.sql"
  measure dcl "$round" "$dcl" quality run sales.revenue_rows --source "$url" --ledger "$work/ledger.db"
done
python3 - "$out" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
median = {t: statistics.median(float(r["seconds"]) for r in rows if r["tool"] == t) for t in ("dcl", "psql")}
print(f"median: dcl {median['dcl']:.2f} s, psql {median['psql']:.2f} s; dcl takes {median['dcl'] / median['psql']:.2f}x psql's time")
PY
