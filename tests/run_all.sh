#!/usr/bin/env bash
# Runs every test against the build in $1 and ends with "N passed, M failed".
#   unit tests: each binary in $1/tests prints PASS/FAIL lines, one per case;
#               a binary that crashes or exits non-zero without FAIL lines
#               counts as one failure.
#   Python tests: tests/py/NAME.py run by $1/pyheap; stdout must equal
#               NAME.out, and stderr NAME.err / exit status NAME.code when
#               those files exist (else stderr is ignored and status must be 0).
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
pass=0; fail=0
log=$(mktemp); trap 'rm -f "$log"' EXIT

for bin in "$build"/tests/test_*; do
  [ -x "$bin" ] || continue
  out=$("$bin" 2>"$log"); rc=$?
  p=$(grep -c '^PASS ' <<<"$out"); f=$(grep -c '^FAIL ' <<<"$out")
  grep '^FAIL ' <<<"$out"
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL $(basename "$bin"): exit status $rc"; tail -n 20 "$log"; f=1
  elif [ -s "$log" ] && [ "$f" -gt 0 ]; then
    tail -n 20 "$log"
  fi
  pass=$((pass + p)); fail=$((fail + f))
done

if [ -x "$build/pyheap" ] && [ -d "$here/py" ]; then
  "$here/run_py.sh" "$build/pyheap" > "$log.py"
  grep '^FAIL ' "$log.py"
  pass=$((pass + $(grep -c '^PASS ' "$log.py")))
  fail=$((fail + $(grep -c '^FAIL ' "$log.py")))
  rm -f "$log.py"
fi

# The inspectors (golden traces, event schema, every flag over every program)
# and their page in headless Chromium. Without chromium the browser test says
# SKIP, except in CI, which must have installed it (.ci/run).
for suite in "$here/inspect/run.sh" "$here/browser/run.sh"; do
  [ -x "$suite" ] && [ -x "$build/pyheap" ] || continue
  "$suite" "$build" > "$log.suite" 2>&1
  grep -E '^(FAIL|SKIP) ' "$log.suite"
  if [ -n "${CI:-}" ] && grep -q '^SKIP browser' "$log.suite"; then
    echo "FAIL browser: chromium is missing in CI"; fail=$((fail + 1))
  fi
  pass=$((pass + $(grep -c '^PASS ' "$log.suite")))
  fail=$((fail + $(grep -c '^FAIL ' "$log.suite")))
  rm -f "$log.suite"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
