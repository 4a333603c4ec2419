#!/usr/bin/env bash
# Runs tests/py/*.py with the given pyheap binary; prints PASS/FAIL per program.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/py" || exit 1
shopt -s nullglob
for prog in *.py; do
  name=${prog%.py}
  [ -f "$name.out" ] || continue
  err=$(mktemp)
  got=$(timeout 60 "$bin" "$prog" 2>"$err" </dev/null); rc=$?
  want_rc=0; [ -f "$name.code" ] && want_rc=$(cat "$name.code")
  why=""
  if [ "$got" != "$(cat "$name.out")" ]; then why="stdout differs"
  elif [ "$rc" != "$want_rc" ]; then why="exit status $rc, expected $want_rc"
  elif [ -f "$name.err" ] && [ "$(cat "$err")" != "$(cat "$name.err")" ]; then why="stderr differs"
  fi
  if [ -z "$why" ]; then echo "PASS $name"; else echo "FAIL $name: $why"; fi
  rm -f "$err"
done
