#!/usr/bin/env bash
# What bounds the tail of a kept answer: one `dcl serve` over a ledger of N contracts, and wrk against
# answers that take the same path (the catalog page kept by ResponseCache, the same middleware) and
# differ only in their size — `GET /api/contracts?limit=L` for several L — beside `/healthz` (a constant
# answer, the bound of this server and this wrk command here) and the catalog search of http-load.sh.
# Reports wrk's figures, the answer's size, and the server's CPU time per request (user + system from
# /proc/PID/stat; wrk's own CPU is not in it) and wrk's CPU per request (from `time`).
# Usage: Benchmarks/http/answer-size.sh DCL_BINARY [N=10000]
# Environment: DURATION (default 8s), CONNECTIONS (32), THREADS (1), LIMITS ("1 10 50 200"), ROUNDS (1);
# LEDGER: a ledger of N contracts filled before (copied instead of publishing them again).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DCL="$1"; N="${2:-10000}"
DURATION="${DURATION:-8s}"; CONNECTIONS="${CONNECTIONS:-32}"; THREADS="${THREADS:-1}"
LIMITS="${LIMITS:-1 10 50 200}"; ROUNDS="${ROUNDS:-1}"
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"

if [ -n "${LEDGER:-}" ]; then
  cp "$LEDGER" ledger.db
else
  # The contracts publish.lua posts, as files.
  python3 "$HERE/contract-files.py" "$HERE/publish.lua" "$N"
  for folder in batch*; do "$DCL" publish "$folder"/*.yaml --ledger ledger.db > /dev/null; done
fi
"$DCL" serve --port 0 --ledger ledger.db --store readmodels.db --log-level warning > serve.log 2>&1 &
SERVER=$!
for _ in $(seq 2400); do grep -q "listening on" serve.log && break; sleep 0.5; done
URL="$(grep -o 'http://[0-9.]*:[0-9]*' serve.log | head -1)"
curl -s "$URL/api/contracts?limit=1" > /dev/null  # the read models caught up before the first step
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
echo "dcl: $DCL at $URL; wrk -t $THREADS -c $CONNECTIONS -d $DURATION --latency; $(nproc) cores"

step() {  # label path
  local bytes before after out requests wrk_cpu
  bytes="$(curl -s "$URL$2" | wc -c)"
  before="$(ticks)"
  out="$( { TIMEFORMAT='wrk-cpu %U %S'; time wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$URL$2"; } 2>&1)"
  after="$(ticks)"
  requests="$(echo "$out" | grep -o '[0-9]* requests in' | grep -o '^[0-9]*')"
  wrk_cpu="$(echo "$out" | awk '/^wrk-cpu/ {print $2 + $3}')"
  echo "== $1: GET $2 ($bytes bytes; load average $(cut -d' ' -f1 /proc/loadavg))"
  echo "$out" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|Socket errors"
  python3 -c "r = max(1, $requests); print(f'   CPU per request: server {($after - $before) * 1000 / $(getconf CLK_TCK) / r:.3f} ms, wrk {$wrk_cpu * 1000 / r:.3f} ms')"
}
for round in $(seq "$ROUNDS"); do
  echo "-- round $round"
  step "constant answer" "/healthz"
  for limit in $LIMITS; do step "kept catalog page, limit $limit" "/api/contracts?limit=$limit"; done
  step "kept catalog search" "/api/contracts?q=load_0_1_42&domain=sales"
done
