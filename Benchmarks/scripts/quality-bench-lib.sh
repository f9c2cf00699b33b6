# Shared by quality-run.sh and quality-run-postgres.sh (sourced, not run): the release dcl, the Python
# environment, the workload's CSV, the seed's three rules as a contract, and a timer for one command.
# Callers set `root` (the package folder) and `work` (a temporary folder) before calling these.

# The release dcl at $1, or built now when $1 is empty; prints its path.
quality_bench_dcl() {
  if [[ -n "$1" ]]; then echo "$1"; return; fi
  swift build -c release --scratch-path "$root/.build-release" --product dcl >&2
  echo "$(swift build -c release --scratch-path "$root/.build-release" --show-bin-path)/dcl"
}

# Benchmarks/.venv-quality-bench with numpy, pandas and DuckDB 1.5.6 (made on first use); prints its python.
quality_bench_python() {
  local venv="$root/Benchmarks/.venv-quality-bench"
  if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check numpy pandas duckdb==1.5.6 >&2
  fi
  echo "$venv/bin/python"
}

# The CSV to measure: $1 if given (else quality_gen_csv.py from the folder $3 makes rows10m.csv in $work),
# cut to its first $2 rows when $2 is set; prints its path.
quality_bench_csv() {
  local csv=$1 rows=$2 baselines=$3
  if [[ -z "$csv" ]]; then
    csv="$work/rows10m.csv"
    (cd "$work" && ROWS_CSV="$csv" "$(quality_bench_python)" "$baselines/quality_gen_csv.py" >&2)
  fi
  if [[ -n "$rows" ]]; then
    head -n "$((rows + 1))" "$csv" > "$work/rows.csv"
    csv="$work/rows.csv"
  fi
  echo "$csv"
}

# Publishes the seed's three rules (unique id, not_null date, range revenue 0..10,000,000) as the contract
# sales.revenue_rows, object `rows`, into the ledger $2 with the dcl $1. Physical types only: no logicalType,
# so no type checks beyond the three rules.
quality_bench_publish_contract() {
  cat > "$work/contract.yaml" <<'YAML'
apiVersion: v3.1.0
kind: DataContract
id: sales.revenue_rows
name: Revenue rows
version: 1.0.0
status: active
domain: sales
dataProduct: revenue_rows
schema:
  - name: rows
    properties:
      - name: id
        physicalType: bigint
        quality:
          - {type: unique}
      - name: date
        physicalType: date
        quality:
          - {type: not_null}
      - name: revenue
        physicalType: double
        quality:
          - {type: range, min: 0, max: 10000000}
      - name: order_count
        physicalType: integer
YAML
  "$1" publish "$work/contract.yaml" --ledger "$2" >/dev/null
}

# Runs a command with its output in the file $1 and prints "seconds peak_rss_kib exit_status cpu_seconds"
# (its own process tree's peak and user + system time, from getrusage): on a shared machine the CPU time
# shows the work apart from the wait.
quality_bench_time() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "w"), stderr=subprocess.STDOUT)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{elapsed:.3f} {usage.ru_maxrss} {done.returncode} {usage.ru_utime + usage.ru_stime:.3f}")
PY
}
