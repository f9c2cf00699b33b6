#!/usr/bin/env bash
# Installs the system packages dcl needs to build and test, only when missing.
# Debian/Ubuntu; runs apt-get as root or through sudo. Swift 6.1+ must already be on PATH.
set -euo pipefail

# postgresql: the tests start their own throwaway server (scripts/pg-test/pg-test-server.sh) for the
# quality runner's PostgreSQL source; Debian's package brings initdb, pg_ctl, postgres and psql.
# libjemalloc-dev: dcl's allocator on Linux (linked by the CProcessTuning target; see docs/read-models.md).
# docker-compose: no container engine is needed; the tests only validate docker-compose.yml with
# `docker-compose config -q`.
packages=(librdkafka-dev libjemalloc-dev pkg-config libsqlite3-dev kcat postgresql docker-compose)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

# The compatibility tests compare against Apache Avro's Python reference in a virtual environment.
if ! python3 -m venv --help >/dev/null 2>&1; then missing+=(python3-venv python3-pip); fi
if ! command -v python3 >/dev/null 2>&1; then missing+=(python3 python3-venv python3-pip); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "error: swift is not on PATH; install Swift 6.1 or newer from swift.org" >&2
  exit 1
fi

# A full disk fails a build or the tests in ways that do not say so (a PostgreSQL server left "in
# recovery mode", a copy cut short): say it first. A debug build takes ~2 GB beside the sources, the
# tests' servers and stores up to ~1 GB more in the temporary folder.
df -Pk . "${TMPDIR:-/tmp}" | awk 'NR > 1 && !seen[$6]++ && $4 < 4 * 1024 * 1024 {
  printf "warning: only %d MiB free on %s; building and testing dcl needs about 3 GiB\n", $4 / 1024, $6 > "/dev/stderr"
}'
