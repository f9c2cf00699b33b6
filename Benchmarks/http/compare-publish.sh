#!/usr/bin/env bash
# Publishes through the API of two `dcl` builds side by side in one run (ratios, not absolute
# figures, on a shared machine): each build serves its own new ledger with a token of the sales
# domain, and wrk posts a new contract per request (publish.lua) for DURATION, the two servers
# taking turns, ROUNDS times each, so each ledger grows by every round. Reports wrk's figures
# with the server's CPU time per request (user + system from /proc/PID/stat; wrk's own CPU is not
# in it), and the contracts each ledger holds after each round (every 201 is one).
# Usage: Benchmarks/http/compare-publish.sh BASE_DCL NEW_DCL
# Environment: DURATION (default 10s), CONNECTIONS (32), THREADS (1), ROUNDS (2).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BASE_DCL="$1"; NEW_DCL="$2"
DURATION="${DURATION:-10s}"; CONNECTIONS="${CONNECTIONS:-32}"; THREADS="${THREADS:-1}"; ROUNDS="${ROUNDS:-2}"
WORK="$(mktemp -d)"
trap 'kill $(cat "$WORK"/*/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"

start() {  # folder binary: a token and `dcl serve` there; prints the URL once it listens
  mkdir -p "$1"
  "$2" token create --domain sales --name load --ledger "$1/ledger.db" | grep -o 'dcl_[0-9a-f_]*' > "$1/secret"
  (cd "$1" && exec "$2" serve --port 0 --ledger ledger.db --store readmodels.db --log-level warning > serve.log 2>&1) > /dev/null 2>&1 &
  echo $! > "$1/pid"
  for _ in $(seq 2400); do grep -qs "listening on" "$1/serve.log" && break; sleep 0.5; done
  grep -o 'http://[0-9.]*:[0-9]*' "$1/serve.log" | head -1
}
ticks() { awk '{print $14 + $15}' "/proc/$(cat "$1/pid")/stat"; }  # folder: the server's CPU so far, in clock ticks
BASE_URL="$(start base "$BASE_DCL")"
NEW_URL="$(start new "$NEW_DCL")"
echo "base: $BASE_DCL at $BASE_URL   new: $NEW_DCL at $NEW_URL"
echo "wrk -t $THREADS -c $CONNECTIONS -d $DURATION --latency -s publish.lua; $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  for who in base new; do
    url="$BASE_URL"; [ "$who" = new ] && url="$NEW_URL"
    echo "== round $round, $who: POST /api/contracts   (load average $(cut -d' ' -f1 /proc/loadavg))"
    before="$(ticks "$who")"
    out="$(DCL_ROUND="$round" DCL_TOKEN="$(cat "$who/secret")" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency \
           -s "$HERE/publish.lua" "$url")"
    after="$(ticks "$who")"
    echo "$out" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
    requests="$(echo "$out" | grep -o '[0-9]* requests in' | grep -o '^[0-9]*')"
    echo "   server CPU per request: $(python3 -c "print(f'{($after - $before) * 1000 / $(getconf CLK_TCK) / max(1, $requests):.2f} ms')")"
    echo "   contracts in the ledger: $(curl -s "$url/api/contracts?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
  done
done
