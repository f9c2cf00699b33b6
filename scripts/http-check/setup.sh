#!/usr/bin/env bash
# Creates scripts/http-check/.venv-http with the pinned third-party HTTP clients the API tests use:
# openapi-core (validates every response against docs/openapi.yaml) and schemathesis (generates
# requests from the spec against a live `dcl serve`). Idempotent: does nothing when the venv
# already has the pinned versions.
set -euo pipefail

PINS=("openapi-core==0.23.1" "schemathesis==4.32.5" "confluent-kafka[avro]==2.16.1" "requests")
STAMP="openapi-core==0.23.1 schemathesis==4.32.5 confluent-kafka==2.16.1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-http"
PYTHON="${PYTHON:-python3}"

# Tests run in parallel and several call this script at once: one at a time, or one run would
# delete the venv another is creating.
exec 9>"$HERE/.setup.lock"
flock 9

if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.pins" 2>/dev/null)" = "$STAMP" ]; then
    exit 0
fi

rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}"
echo "$STAMP" > "$VENV/.pins"
echo "http-check tools ready in $VENV"
