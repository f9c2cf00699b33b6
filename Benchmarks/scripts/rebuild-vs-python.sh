#!/usr/bin/env bash
# Rebuild of every read model from the embedded log, beside the peer projector a data engineer
# would write in plain Python (../shared/baselines/py_projector.py), on the same ledger, in the
# same run, alternating: the machine is noisy, so read the ratio of each pair, not the absolutes.
# Peak RSS of each process from GNU time.
#
# Usage: Benchmarks/scripts/rebuild-vs-python.sh [--events N (1000000)] [--contracts C (10000)]
#                                                [--runs R (3)] [--ledger FILE (reuse a filled ledger)]
#                                                [--dcl PATH --baseline PATH] [--py PATH] [--lean [PATH]]
# Writes Benchmarks/results/rebuild-vs-python.csv (run,program,events_per_s,peak_mib); ends with the
# ratios' range and median over the runs.
# --lean also runs LeanProjector (built here when no PATH is given): the script's own job in Swift on one
# thread, with the same read models as the script's — a bound for what the peer's job costs in this
# language, not a projector (see its source).
set -euo pipefail
cd "$(dirname "$0")/../.."
events=1000000; contracts=10000; runs=3; ledger=""; dcl=""; baseline=""; lean=""; with_lean=0
py=../shared/baselines/py_projector.py
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --contracts) contracts="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --ledger) ledger="$2"; shift 2 ;;
    --dcl) dcl="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --py) py="$2"; shift 2 ;;
    --lean) with_lean=1; if [[ $# -gt 1 && "$2" != --* ]]; then lean="$2"; shift 2; else shift; fi ;;
    *) echo "rebuild-vs-python: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f "$py" ]] || { echo "rebuild-vs-python: $py not found (pass --py)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "rebuild-vs-python: GNU time not found (apt-get install time)" >&2; exit 2; }
if [[ -z "$dcl" ]]; then
  swift build -c release --product dcl >&2
  dcl="$(swift build -c release --show-bin-path)/dcl"
fi
if [[ $with_lean == 1 && -z "$lean" ]]; then
  (cd Benchmarks && swift build -c release --product LeanProjector >&2)
  lean="$(cd Benchmarks && swift build -c release --show-bin-path)/LeanProjector"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -z "$ledger" ]]; then
  if [[ -z "$baseline" ]]; then
    (cd Benchmarks && swift build -c release --product RebuildBaseline >&2)
    baseline="$(cd Benchmarks && swift build -c release --show-bin-path)/RebuildBaseline"
  fi
  ledger="$work/ledger.db"
  "$baseline" fill --ledger "$ledger" --events "$events" --contracts "$contracts" >&2
fi
events=$(sqlite3 "file:$ledger?mode=ro" "SELECT count(*) FROM events")
mkdir -p Benchmarks/results
csv=Benchmarks/results/rebuild-vs-python.csv
echo "run,program,events_per_s,peak_mib" > "$csv"

measure() {  # name command... → "events_per_s peak_mib"
  local name="$1"; shift
  rm -f "$work"/store.db*
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r seconds kib < "$work/time"
  awk -v n="$events" -v s="$seconds" -v k="$kib" 'BEGIN { printf "%.0f %.0f\n", n / s, k / 1024 }'
}

for run in $(seq "$runs"); do
  read -r dcl_rate dcl_mib < <(measure dcl "$dcl" project --rebuild --until-caught-up --ledger "$ledger" --store "$work/store.db")
  read -r py_rate py_mib < <(measure py python3 "$py" "$ledger" "$work/store.db")
  echo "$run,dcl,$dcl_rate,$dcl_mib" >> "$csv"
  echo "$run,py_projector,$py_rate,$py_mib" >> "$csv"
  awk -v r="$run" -v d="$dcl_rate" -v dm="$dcl_mib" -v p="$py_rate" -v pm="$py_mib" 'BEGIN {
    printf "run %d: dcl %d events/s (%d MiB)  py_projector %d events/s (%d MiB)  ratio %.2f×\n", r, d, dm, p, pm, d / p }'
  if [[ $with_lean == 1 ]]; then
    read -r lean_rate lean_mib < <(measure lean "$lean" "$ledger" "$work/store.db")
    echo "$run,lean_projector,$lean_rate,$lean_mib" >> "$csv"
    awk -v l="$lean_rate" -v lm="$lean_mib" -v p="$py_rate" -v d="$dcl_rate" 'BEGIN {
      printf "       lean_projector %d events/s (%d MiB): %.2f× py_projector; dcl is %.2f× it\n", l, lm, l / p, d / l }'
  fi
done
# Each pair's ratio, then their median and how many pairs reached 3× (issue #10's goal).
awk -F, 'NR > 1 && $2 == "dcl" { d[$1] = $3 } NR > 1 && $2 == "py_projector" { p[$1] = $3 }
  END { n = 0; for (r in d) if (r in p) ratio[++n] = d[r] / p[r]
        for (i = 2; i <= n; i++) { x = ratio[i]; for (j = i - 1; j >= 1 && ratio[j] > x; j--) ratio[j + 1] = ratio[j]; ratio[j + 1] = x }
        met = 0; for (i = 1; i <= n; i++) if (ratio[i] >= 3) met++
        median = n % 2 ? ratio[(n + 1) / 2] : (ratio[n / 2] + ratio[n / 2 + 1]) / 2
        printf "%d runs: ratio %.2f×–%.2f×, median %.2f×; %d of %d at 3× or more\n", n, ratio[1], ratio[n], median, met, n }' "$csv"
