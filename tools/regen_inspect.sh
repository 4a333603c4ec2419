#!/usr/bin/env bash
# Regenerates the golden traces tests/inspect/NAME.trace from pyheap itself
# (CPython has no such output). Review every change: the program is shown at
# the top of each file. Usage: tools/regen_inspect.sh [BUILD] [NAME...]
set -eu
cd "$(dirname "$0")/.."
build=build
if [ $# -gt 0 ] && [ -d "$1" ]; then build=$1; shift; fi
bin=$(pwd)/$build/pyheap
[ -x "$bin" ] || { echo "no $bin: run make first" >&2; exit 1; }
if [ $# -gt 0 ]; then names=("$@"); else names=(); for f in tests/inspect/t[0-9]*.py; do names+=("$(basename "$f" .py)"); done; fi
for n in "${names[@]}"; do
  tests/inspect/trace_of.sh "$bin" "tests/inspect/$n.py" > "tests/inspect/$n.trace"
  echo "wrote tests/inspect/$n.trace ($(wc -l < "tests/inspect/$n.trace") lines)"
done
