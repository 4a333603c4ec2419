#!/usr/bin/env bash
# make bench: the heap micro-benchmark, then every bench/*.py on pyheap and python3.11.
set -eu
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
if [ -x "$here/alloc.sh" ]; then "$here/alloc.sh"; fi
if ls "$here"/*.py >/dev/null 2>&1 && [ "$(ls "$here"/*.py | grep -v run.py | wc -l)" -gt 0 ]; then
  python3.11 "$here/run.py" "$build/pyheap"
fi
