#!/usr/bin/env bash
# Creates scripts/avro-oracle/.venv-avro with the pinned reference implementation of Avro
# schema resolution (the Python `avro` package), used as the oracle for the differential test.
# Idempotent: does nothing when the venv already has the pinned version.
set -euo pipefail

AVRO_VERSION="1.12.2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-avro"
PYTHON="${PYTHON:-python3}"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import avro, sys; sys.exit(0 if avro.__version__ == '$AVRO_VERSION' else 1)" 2>/dev/null; then
    exit 0
fi

rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "avro==$AVRO_VERSION"
"$VENV/bin/python" -c "import avro; print('avro', avro.__version__, 'ready in $VENV')"
