#!/usr/bin/env bash
# Reads of two `dcl` builds side by side in one run (ratios, not absolute figures, on a shared
# machine): one ledger of N contracts filled with `dcl publish` (1,000 files per command), copied
# for each server, then wrk against, the two servers taking turns, ROUNDS times each:
#   - GET /healthz: a constant answer through the same middleware, the bound of this server and
#     this wrk command on this machine;
#   - GET one contract;
#   - a catalog search, the same URL each time (a kept answer may serve it);
#   - a catalog search for another product on every request (search.lua: nothing kept helps).
# Usage: Benchmarks/http/compare-reads.sh BASE_DCL NEW_DCL [N=10000]
# Environment: DURATION (default 10s), CONNECTIONS (32), THREADS (1), ROUNDS (2); LEDGER: a ledger this
# script filled before (kept from an earlier run), copied instead of publishing the N contracts again.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BASE_DCL="$1"; NEW_DCL="$2"; N="${3:-10000}"
DURATION="${DURATION:-10s}"; CONNECTIONS="${CONNECTIONS:-32}"; THREADS="${THREADS:-1}"; ROUNDS="${ROUNDS:-2}"
WORK="$(mktemp -d)"
trap 'kill $(cat "$WORK"/*/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"

# The contracts publish.lua posts, as files.
python3 "$HERE/contract-files.py" "$HERE/publish.lua" "$N"
if [ -n "${LEDGER:-}" ]; then
  cp "$LEDGER" ledger.db
else
  for folder in batch*; do "$NEW_DCL" publish "$folder"/*.yaml --ledger ledger.db > /dev/null; done
fi
mkdir base new && cp ledger.db base/ && cp ledger.db new/

start() {  # folder binary: starts `dcl serve` there, prints its URL once it listens
  (cd "$1" && exec "$2" serve --port 0 --ledger ledger.db --store readmodels.db --log-level warning > serve.log 2>&1) > /dev/null 2>&1 &
  echo $! > "$1/pid"
  for _ in $(seq 2400); do grep -qs "listening on" "$1/serve.log" && break; sleep 0.5; done
  grep -o 'http://[0-9.]*:[0-9]*' "$1/serve.log" | head -1
}
BASE_URL="$(start base "$BASE_DCL")"
NEW_URL="$(start new "$NEW_DCL")"
THOUSANDS=$(( (N - 1) / 1000 ))
echo "base: $BASE_DCL at $BASE_URL   new: $NEW_DCL at $NEW_URL   contracts: $N"
echo "wrk -t $THREADS -c $CONNECTIONS -d $DURATION --latency; $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  for what in "/healthz" "/api/contracts/sales.load_0_5_500" "/api/contracts?q=load_0_1_42&domain=sales" "search.lua"; do
    for who in base new; do
      url="$BASE_URL"; [ "$who" = new ] && url="$NEW_URL"
      echo "== round $round, $who: GET $what   (load average $(cut -d' ' -f1 /proc/loadavg))"
      if [ "$what" = search.lua ]; then
        DCL_SEARCH_THREADS="$THOUSANDS" DCL_SEARCH_N=999 wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$HERE/search.lua" "$url" \
          | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
      else
        wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$url$what" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
      fi
    done
  done
done
