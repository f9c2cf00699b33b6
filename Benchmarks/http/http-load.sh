#!/usr/bin/env bash
# Load figures for `dcl serve` with wrk on this machine (docs/http-api.md, "Load"):
#   1. publish through the API until the ledger holds N contracts (the publish rate),
#   2. GET /healthz (a constant answer through the same middleware: the bound of this server and
#      this wrk command here), 3. GET one contract, 4. a catalog search (the same URL each time),
#   5. a catalog search for another product each request (search.lua) — each for DURATION.
# wrk and the server share the machine's cores.
# Usage: Benchmarks/http/http-load.sh [DCL_BINARY] [N=10000]
# Environment: DURATION (default 15s), CONNECTIONS (32), THREADS (1).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DCL="${1:-$HERE/../../.build/release/dcl}"
N="${2:-10000}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"

SECRET="$("$DCL" token create --domain sales --name load --ledger ledger.db | grep -o 'dcl_[0-9a-f_]*')"
"$DCL" serve --port 0 --ledger ledger.db --store readmodels.db --log-level warning > serve.log 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q "listening on" serve.log && break; sleep 0.1; done
URL="$(grep -o 'http://[0-9.]*:[0-9]*' serve.log | head -1)"
echo "dcl: $DCL   server: $URL   contracts wanted: $N"
echo "wrk -t $THREADS -c $CONNECTIONS -d $DURATION --latency; $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== publish (POST /api/contracts, a new contract per request) until $N contracts"
published=0
rounds=0
while [ "$published" -lt "$N" ]; do
  rounds=$((rounds + 1))
  if [ "$rounds" -gt 50 ]; then echo "gave up: $published contracts after 50 rounds" >&2; exit 1; fi
  DCL_ROUND="$rounds" DCL_TOKEN="$SECRET" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$HERE/publish.lua" "$URL" | tee publish.out
  if grep -q "Non-2xx" publish.out; then echo "publishes were refused:" >&2; tail -3 serve.log >&2; exit 1; fi
  published="$(curl -s "$URL/api/contracts?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
  echo "contracts in the ledger: $published"
done

ONE="$(curl -s "$URL/api/contracts?limit=1&offset=5000" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["contractId"])')"
echo "== GET /healthz (load average $(cut -d' ' -f1 /proc/loadavg))"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$URL/healthz"
echo "== GET /api/contracts/$ONE (load average $(cut -d' ' -f1 /proc/loadavg))"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$URL/api/contracts/$ONE"
echo "== GET /api/contracts?q=load_1_1_42&domain=sales (catalog search; load average $(cut -d' ' -f1 /proc/loadavg))"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$URL/api/contracts?q=load_1_1_42&domain=sales"
echo "== GET /api/contracts?q=load_1_<thread>_<n>&domain=sales, another product each request (search.lua; load average $(cut -d' ' -f1 /proc/loadavg))"
DCL_SEARCH_ROUND=1 DCL_SEARCH_THREADS="$THREADS" DCL_SEARCH_N=999 \
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$HERE/search.lua" "$URL"
