#!/usr/bin/env bash
# `dcl check NEW --against FOLDER` over 100 earlier .avsc versions beside one Python process running
# Apache Avro's reference checker over the same files and pairs, in the same run
# (Benchmarks/scripts/compat_history.py). Needs a release dcl: swift build -c release (or DCL_BINARY=path).
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${DCL_BINARY:-.build/release/dcl}
[ -x "$binary" ] || { echo "no release dcl at $binary: run swift build -c release, or set DCL_BINARY" >&2; exit 2; }
[ -x scripts/avro-oracle/.venv-avro/bin/python ] || bash scripts/avro-oracle/setup.sh >/dev/null
exec python3 Benchmarks/scripts/compat_history.py "$binary" scripts/avro-oracle/.venv-avro/bin/python "${1:-7}"
