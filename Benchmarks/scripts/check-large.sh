#!/usr/bin/env bash
# `dcl check OLD NEW` on a 5,000-property contract beside Python + PyYAML (libyaml) parsing the same
# two files and diffing their properties, in the same run (Benchmarks/scripts/check_large_contract.py).
# Needs a release dcl: swift build -c release (or DCL_BINARY=path) and python3 with PyYAML
# (apt-get install python3-yaml).
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${DCL_BINARY:-.build/release/dcl}
[ -x "$binary" ] || { echo "no release dcl at $binary: run swift build -c release, or set DCL_BINARY" >&2; exit 2; }
python3 -c 'import yaml; yaml.CSafeLoader' 2>/dev/null || { echo "python3 needs PyYAML with libyaml (apt-get install python3-yaml)" >&2; exit 2; }
exec python3 Benchmarks/scripts/check_large_contract.py "$binary" "${1:-5000}" "${2:-15}"
