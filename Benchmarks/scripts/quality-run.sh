#!/usr/bin/env bash
# The seed's quality workload, run by three tools on the same 10M-row CSV in the same run:
# `dcl quality run` (release), the seed's pandas script (../shared/baselines/quality_pandas_validate.py),
# and DuckDB's Python module running the same three rules (not_null date, unique id,
# range revenue 0..10,000,000). Reports wall time, rows/s and peak RSS of each, and ratios to dcl.
#
# Usage: Benchmarks/scripts/quality-run.sh [--csv PATH] [--rows N] [--dcl PATH] [--baselines DIR]
#   --csv        reuse an existing CSV (else quality_gen_csv.py makes rows10m.csv in a temporary folder)
#   --rows       keep only the first N rows of it (default: all)
#   --dcl        an already built release dcl (else: swift build -c release --scratch-path .build-release)
#   --baselines  the folder holding quality_gen_csv.py and quality_pandas_validate.py (default ../shared/baselines)
# Python packages (numpy, pandas, duckdb 1.5.6) go into Benchmarks/.venv-quality-bench on first use.
# Then, to show what bounds dcl: dcl with one parsing thread (DCL_QUALITY_CSV_WORKERS=1), `cat` and `wc -l` of the file.
# Writes Benchmarks/results/quality-run.csv (tool,rows,seconds,rows_per_s,peak_rss_mib,cpu_seconds,load_average).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
csv=""; rows=""; dcl=""; baselines="$root/../shared/baselines"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --csv) csv="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --dcl) dcl="$2"; shift 2 ;;
    --baselines) baselines="$2"; shift 2 ;;
    *) echo "quality-run: unknown option $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source Benchmarks/scripts/quality-bench-lib.sh
py=$(quality_bench_python)
dcl=$(quality_bench_dcl "$dcl")
csv=$(quality_bench_csv "$csv" "$rows" "$baselines")
count=$(($(wc -l < "$csv") - 1))
quality_bench_publish_contract "$dcl" "$work/ledger.db"

cat > "$work/duckdb_rules.py" <<'PY'
import sys, duckdb
con = duckdb.connect()
row = con.execute("""SELECT COUNT(*), COUNT(*) - COUNT(date), COUNT(id) - COUNT(DISTINCT id),
                     COUNT(*) FILTER (WHERE revenue < 0 OR revenue > 10000000)
                     FROM read_csv(?, header = true)""", [sys.argv[1]]).fetchone()
print(f"duckdb {duckdb.__version__} rows={row[0]} null_dates={row[1]} duplicate_ids={row[2]} out_of_range={row[3]}")
PY

mkdir -p Benchmarks/results
out=Benchmarks/results/quality-run.csv
echo "tool,rows,seconds,rows_per_s,peak_rss_mib,cpu_seconds,load_average" > "$out"
measure() {  # tool command...
  local tool=$1; shift
  local load
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
  read -r seconds rss status cpu < <(quality_bench_time "$work/$tool.out" "$@")
  if [[ "$status" != 0 && "$status" != 1 ]]; then echo "quality-run: $tool exited $status:" >&2; cat "$work/$tool.out" >&2; exit 1; fi
  local rate mib
  rate=$(python3 -c "print(round($count / $seconds))")
  mib=$(python3 -c "print(round($rss / 1024, 1))")
  echo "$tool,$count,$seconds,$rate,$mib,$cpu,$load" >> "$out"
  printf '%-11s %10s rows  %8.2f s  %12s rows/s  %8s MiB peak RSS  %7.2f s CPU  load %5s   %s\n' "$tool" "$count" "$seconds" \
    "$rate" "$mib" "$cpu" "$load" "$(tail -n 1 "$work/$tool.out" | cut -c1-100)"
}
measure dcl "$dcl" quality run sales.revenue_rows --source "$csv" --ledger "$work/ledger.db"
measure pandas env ROWS_CSV="$csv" "$py" "$baselines/quality_pandas_validate.py"
measure duckdb "$py" "$work/duckdb_rules.py" "$csv"
# What bounds dcl: the same run parsing on one thread, and the file's bytes alone (read, count lines).
measure dcl-1thread env DCL_QUALITY_CSV_WORKERS=1 "$dcl" quality run sales.revenue_rows --source "$csv" --ledger "$work/ledger.db"
measure cat sh -c 'cat "$1" > /dev/null' cat "$csv"
measure wc-l wc -l "$csv"
python3 - "$out" <<'PY'
import csv, sys
rows = {r["tool"]: r for r in csv.DictReader(open(sys.argv[1]))}
dcl = float(rows["dcl"]["seconds"])
speed = {}
for tool in ("pandas", "duckdb"):
    t = float(rows[tool]["seconds"])
    speed[tool] = t / dcl
    print(f"dcl vs {tool}: {speed[tool]:.2f}x the speed of {tool} (its time / dcl's time)")
print(f"dcl with one parsing thread: {float(rows['dcl-1thread']['seconds']) / dcl:.2f}x dcl's time; "
      f"reading the file (cat): {float(rows['cat']['seconds']) / dcl:.2f}x, counting its lines (wc -l): {float(rows['wc-l']['seconds']) / dcl:.2f}x")
rss = float(rows["dcl"]["peak_rss_mib"])
print(f"issue #13 targets: >= 5x pandas: {'met' if speed['pandas'] >= 5 else 'NOT met'}; "
      f">= 0.5x DuckDB: {'met' if speed['duckdb'] >= 0.5 else 'NOT met'}; "
      f"peak RSS <= 64 MiB: {'met' if rss <= 64 else 'NOT met'} ({rss} MiB)")
PY
