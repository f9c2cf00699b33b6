#!/usr/bin/env bash
# Creates scripts/quality-check/.venv-quality with the pinned DuckDB the quality-runner tests use as
# an independent oracle (it computes the same metrics on the same datasets). Idempotent: does
# nothing when the venv already has the pinned version.
set -euo pipefail

PINS=("duckdb==1.5.6")
STAMP="duckdb==1.5.6"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-quality"
PYTHON="${PYTHON:-python3}"

if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.pins" 2>/dev/null)" = "$STAMP" ]; then
    exit 0
fi

rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}"
echo "$STAMP" > "$VENV/.pins"
echo "quality-check tools ready in $VENV"
