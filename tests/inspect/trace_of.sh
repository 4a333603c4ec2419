#!/usr/bin/env bash
# trace_of.sh PYHEAP NAME.py: prints the golden form of `pyheap --trace NAME.py`
# (shared by tests/inspect/run.sh and tools/regen_inspect.sh).
#
# The header shows the program; the trace follows with what is not
# deterministic, or not the point, written down generically:
#   pause times ("0.031 ms")               -> "N ms"
#   counts of static objects (999999999+)  -> "STATIC"   (None, small ints: their
#                                             exact count changes whenever the
#                                             interpreter's own code does)
#   objects examined by a collection        -> "N objects examined"
#   temporaries and unnamed internal frees  -> their counts as "N"
# Extra flags come from a first line "# pyheap-args: ...".
set -u
bin=$1 prog=$2
dir=$(dirname "$prog") name=$(basename "$prog")
args=$(sed -n '1s/^# pyheap-args: //p' "$prog")
echo "# pyheap --trace ${args:+$args }$name"
echo "#"
awk '{ printf "# %3d  %s\n", NR, $0 }' "$prog"
echo "#"
cd "$dir" || exit 1
# Golden traces are taken without GC stress (make stress sets it): a
# collection at every allocation would add lines that are not the point.
# shellcheck disable=SC2086
env -u PYHEAP_GC_STRESS "$bin" --trace --no-color $args "$name" 2>&1 >/dev/null </dev/null |
  sed -E -e 's/[0-9]+\.[0-9]+ ms/N ms/g' \
         -e 's/\b(99999[0-9]{4}|1[0-9]{9})\b/STATIC/g' \
         -e 's/[0-9]+ objects examined/N objects examined/' \
         -e 's/(made and freed within the line:).*/\1 N/' \
         -e 's/[0-9]+ (objects? never shown before)/N \1/'
