#!/usr/bin/env bash
# Headless Chromium test of the --html page (tests/browser/test_page.py).
# Usage: tests/browser/run.sh [BUILD]. Needs Debian's chromium; without it,
# prints a SKIP line (CI installs it: see .ci/run).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
chromium=$(command -v chromium || command -v chromium-browser || true)
py=$(command -v python3.11 || command -v python3)
if [ -z "$chromium" ]; then
  echo "SKIP browser: chromium is not installed (apt-get install -y chromium)"
  exit 0
fi
env -u PYHEAP_GC_STRESS "$py" "$here/test_page.py" "$build/pyheap" "$chromium"
