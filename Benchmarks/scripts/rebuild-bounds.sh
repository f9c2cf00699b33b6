#!/usr/bin/env bash
# What bounds a rebuild's speed: the CPU time of each part of the job measured on its own, on the
# same embedded ledger, beside the whole job by dcl and by ../shared/baselines/py_projector.py.
#
#   dcl rebuild      dcl project --rebuild --until-caught-up (the whole job)
#   dcl rebuild on one core
#                    the same pinned to one CPU (taskset, where there is one): its wall time is the
#                    work done without overlap, so beside the first line it shows how well the
#                    stages overlap (the best a two-core run could do is half of it)
#   py_projector     the peer's whole job
#   py read+hash     the peer reading every row and recomputing its SHA-256 (rebuild_read_hash.py)
#   dcl read+hash    dcl audit verify: every row read into envelopes and its SHA-256 recomputed
#                    (one thread; it also keeps the events in memory, so its peak is not a projector's)
#   sqlite writes    the sqlite3 shell writing the rows a rebuild writes (a timeline row per event and
#                    a contract_quality row per contract, with dcl's store schema and the pragmas of
#                    a rebuild beside the store, one INSERT … SELECT each, then the bulk-load
#                    indexes): SQLite's own cost in C, with nothing decoded, hashed or folded
#
# CPU seconds (user + system) are the figure to read: on a shared machine wall time follows the
# load, CPU time much less. Usage:
#   Benchmarks/scripts/rebuild-bounds.sh --ledger FILE [--dcl PATH] [--py PATH]
# Writes Benchmarks/results/rebuild-bounds.csv (part,cpu_s,wall_s,peak_mib,us_per_event).
set -euo pipefail
cd "$(dirname "$0")/../.."
ledger=""; dcl=""; py=../shared/baselines/py_projector.py
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ledger) ledger="$2"; shift 2 ;;
    --dcl) dcl="$2"; shift 2 ;;
    --py) py="$2"; shift 2 ;;
    *) echo "rebuild-bounds: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n "$ledger" && -f "$ledger" ]] || { echo "rebuild-bounds: --ledger FILE is required (an embedded ledger, e.g. from RebuildBaseline fill)" >&2; exit 2; }
[[ -f "$py" ]] || { echo "rebuild-bounds: $py not found (pass --py)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "rebuild-bounds: GNU time not found (apt-get install time)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "rebuild-bounds: the sqlite3 shell is needed (apt-get install sqlite3)" >&2; exit 2; }
if [[ -z "$dcl" ]]; then
  swift build -c release --product dcl >&2
  dcl="$(swift build -c release --show-bin-path)/dcl"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ledger=$(realpath "$ledger")
events=$(sqlite3 "file:$ledger?mode=ro" "SELECT count(*) FROM events")
mkdir -p Benchmarks/results
csv=Benchmarks/results/rebuild-bounds.csv
echo "part,cpu_s,wall_s,peak_mib,us_per_event" > "$csv"

measure() {  # part command...
  local part="$1"; shift
  /usr/bin/time -f "%U %S %e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r user system wall kib < "$work/time"
  awk -v p="$part" -v u="$user" -v s="$system" -v w="$wall" -v k="$kib" -v n="$events" 'BEGIN {
    printf "%s,%.2f,%.2f,%.0f,%.1f\n", p, u + s, w, k / 1024, (u + s) * 1e6 / n }' | tee -a "$csv"
}

measure "dcl rebuild" "$dcl" project --rebuild --until-caught-up --ledger "$ledger" --store "$work/store.db"
if command -v taskset >/dev/null; then
  rm -f "$work"/store.db*
  measure "dcl rebuild on one core" taskset -c 0 "$dcl" project --rebuild --until-caught-up --ledger "$ledger" --store "$work/store.db"
fi
measure "py_projector" python3 "$py" "$ledger" "$work/py.db"
measure "py read+hash" python3 Benchmarks/scripts/rebuild_read_hash.py "$ledger"
measure "dcl read+hash" "$dcl" audit verify --ledger "$ledger" --json

# The SQLite floor: dcl's own tables (schema taken from the store it just built, indexes left for
# the end as a bulk load does), the pragmas of a rebuild beside the store (one connection, the
# journal in memory, no syncs: `ReadModelStore(rebuilding:)`), a timeline row per event and a
# quality row per contract written once, as a rebuild writes them.
sqlite3 "$work/store.db" ".schema audit_timeline_rows" ".schema contract_quality" | grep -v '^CREATE INDEX' > "$work/schema.sql"
indexes=$(sqlite3 "$work/store.db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_timeline_rows' AND sql IS NOT NULL")
sqlite3 "$work/bound.db" < "$work/schema.sql"
# The row shapes a rebuild writes: a quality result leaves stream, type, occurred_at, summary and outcome
# NULL (the `audit_timeline` view fills them in); every other event has its summary sentence.
cat > "$work/writes.sql" <<SQL
ATTACH 'file:$ledger?mode=ro' AS src;
PRAGMA main.locking_mode = EXCLUSIVE; PRAGMA main.journal_mode = MEMORY; PRAGMA main.synchronous = OFF; PRAGMA main.cache_size = -16384;
BEGIN;
INSERT INTO audit_timeline_rows (position, event_id, contract_id, stream, sequence, type, schema_version, version, actor,
    occurred_at, recorded_at, summary, changes, outcome, reason, hash, rule, passed, value, checked_at, checked_at_ms, lag_ms,
    total_so_far, passed_so_far, on_time_so_far, last_checked_ms_so_far, lone_origin)
SELECT position, event_id, contract_id, CASE WHEN q THEN NULL ELSE stream END, sequence, CASE WHEN q THEN NULL ELSE type END,
    schema_version, '1.0.0', actor, NULL, recorded_at,
    CASE WHEN q THEN NULL ELSE 'published ' || contract_id || ' 1.0.0 [active] (first version): 1 object(s), 4 field(s), 1 quality rule(s), owner team@company.com' END,
    NULL, CASE WHEN q THEN NULL ELSE 'accepted' END, NULL, hash,
    CASE WHEN q THEN 'valid_currency' END, CASE WHEN q THEN 1 END, CASE WHEN q THEN '999' END, NULL,
    CASE WHEN q THEN 1764000030997 END, CASE WHEN q THEN 0 END,
    CASE WHEN q THEN sequence END, CASE WHEN q THEN sequence END, CASE WHEN q THEN sequence END,
    CASE WHEN q THEN 1764000030997 END, CASE WHEN q THEN 'manual' END
FROM (SELECT *, type = 'QualityCheckRecorded' AS q FROM src.events);
INSERT INTO contract_quality (contract_id, total_checks, passed_checks, last_checked_at, summary, stream_head, stream_hash, on_time_checks)
SELECT contract_id, MAX(sequence), MAX(sequence), MAX(occurred_at),
    '{"lastCheckedAt":"2025-11-24T16:04:01.000Z","passedChecks":8,"rules":{"not_null_id":{"lastObservedAt":"2025-11-24T16:04:01.000Z","lastPassed":true,"lastValue":"0","passedChecks":8,"totalChecks":9}},"totalChecks":9}',
    MAX(sequence), MAX(hash), MAX(sequence)
FROM src.events WHERE type = 'QualityCheckRecorded' AND contract_id IS NOT NULL GROUP BY contract_id;
COMMIT;
$indexes
SQL
measure "sqlite writes" sh -c 'sqlite3 "$1" < "$2"' sqlite-writes "$work/bound.db" "$work/writes.sql"
