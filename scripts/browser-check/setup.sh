#!/usr/bin/env bash
# Readies the headless browser the web dashboard's test drives: Debian's chromium and its
# chromedriver (installed with apt-get when missing, as root or through sudo), and PyPI's
# selenium pinned in scripts/browser-check/.venv-browser. Idempotent: quick when all is there.
# Prints nothing on success but the venv's creation.
set -euo pipefail

PIN="selenium==4.51.0"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-browser"
PYTHON="${PYTHON:-python3}"

# Tests run in parallel and several call this script at once: one at a time, or one run would
# delete the venv another is creating.
exec 9>"$HERE/.setup.lock"
flock 9

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}"
fi

if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.pins" 2>/dev/null)" = "$PIN" ]; then
    exit 0
fi
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$PIN"
echo "$PIN" > "$VENV/.pins"
echo "browser-check tools ready in $VENV"
