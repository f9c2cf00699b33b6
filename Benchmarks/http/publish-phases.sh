#!/usr/bin/env bash
# What a publish through the API costs, phase by phase, on one `dcl serve` over a new ledger: wrk
# posts the same new-contract bodies (publish.lua) for DURATION to
#   1. POST /healthz: a route that answers without reading the body (the HTTP bound: request,
#      middleware, response; no YAML read),
#   2. POST /api/contracts/check: the dry run (read the YAML, the token-free decision against the
#      contract's streams; nothing appended),
#   3. POST /api/contracts: the publish (token check, decide, seal, append in shared commits,
#      and the server's read-model follower folding what was appended),
# and reports wrk's figures with the server's CPU time per request (user + system, from
# /proc/PID/stat; wrk's own CPU is not in it). wrk shares the machine's cores with the server.
# Usage: Benchmarks/http/publish-phases.sh DCL_BINARY
# Environment: DURATION (default 10s), CONNECTIONS (32), THREADS (1).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DCL="$1"
DURATION="${DURATION:-10s}"; CONNECTIONS="${CONNECTIONS:-32}"; THREADS="${THREADS:-1}"
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"
SECRET="$("$DCL" token create --domain sales --name load --ledger ledger.db | grep -o 'dcl_[0-9a-f_]*')"
"$DCL" serve --port 0 --ledger ledger.db --store readmodels.db --log-level warning > serve.log 2>&1 &
SERVER=$!
for _ in $(seq 2400); do grep -q "listening on" serve.log && break; sleep 0.5; done
URL="$(grep -o 'http://[0-9.]*:[0-9]*' serve.log | head -1)"
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
echo "dcl: $DCL at $URL; wrk -t $THREADS -c $CONNECTIONS -d $DURATION --latency -s publish.lua; $(nproc) cores"
round=0
for path in /healthz /api/contracts/check /api/contracts; do
  round=$((round + 1))
  before="$(ticks)"
  out="$(DCL_ROUND="$round" DCL_PATH="$path" DCL_TOKEN="$SECRET" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency \
         -s "$HERE/publish.lua" "$URL")"
  after="$(ticks)"
  requests="$(echo "$out" | grep -o '[0-9]* requests in' | grep -o '^[0-9]*')"
  echo "== POST $path   (load average $(cut -d' ' -f1 /proc/loadavg))"
  echo "$out" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
  echo "   server CPU per request: $(python3 -c "print(f'{($after - $before) * 1000 / $(getconf CLK_TCK) / max(1, $requests):.2f} ms')")"
done
echo "   contracts in the ledger: $(curl -s "$URL/api/contracts?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
