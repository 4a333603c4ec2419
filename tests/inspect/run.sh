#!/usr/bin/env bash
# Tests of the inspectors, run against the build in $1 (default: build).
# Prints one PASS/FAIL line per check, like the other test runners.
#
#   trace_NAME   pyheap --trace tests/inspect/NAME.py equals NAME.trace (golden
#                files written by pyheap itself: tools/regen_inspect.sh)
#   events_NAME  pyheap --events output of NAME.py follows docs/events.md
#   flags_FLAG   every program in tests/py and examples/ runs under FLAG with
#                the same stdout and exit status as without it
#   why_alive    `import pyheap; pyheap.why_alive(...)` (when pyheap is importable)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/pyheap
py=$(command -v python3.11 || command -v python3)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

for prog in "$here"/t[0-9]*.py; do   # the golden programs
  name=$(basename "$prog" .py)
  [ -f "$here/$name.trace" ] || continue
  if "$here/trace_of.sh" "$bin" "$prog" > "$tmp/got" 2>&1 && cmp -s "$tmp/got" "$here/$name.trace"; then
    echo "PASS trace_$name"
  else
    echo "FAIL trace_$name: differs from $name.trace (tools/regen_inspect.sh, then review)"
    diff "$here/$name.trace" "$tmp/got" | head -20
  fi
  (cd "$here" && "$bin" --events "$tmp/ev.jsonl" "$name.py" >/dev/null 2>&1 </dev/null)
  if out=$("$py" "$here/check_events.py" "$tmp/ev.jsonl" 2>&1); then echo "PASS events_$name"
  else echo "FAIL events_$name: $out" | head -5; fi
done

# Every program, every flag: the views must not change what the program does.
progs=("$root"/tests/py/*.py "$root"/examples/*.py)
for flag in trace html events stats; do
  bad=0; n=0; first=""
  for prog in "${progs[@]}"; do
    n=$((n + 1))
    dir=$(dirname "$prog") name=$(basename "$prog")
    case $flag in
      trace)  args=(--trace) ;;
      html)   args=(--html "$tmp/page.html") ;;
      events) args=(--events "$tmp/ev.jsonl") ;;
      stats)  args=(--stats) ;;
    esac
    want=$(cd "$dir" && timeout 60 "$bin" "$name" 2>/dev/null </dev/null); want_rc=$?
    got=$(cd "$dir" && timeout 300 "$bin" "${args[@]}" "$name" 2>"$tmp/err" </dev/null); rc=$?
    why=""
    [ "$rc" != "$want_rc" ] && why="exit status $rc, not $want_rc"
    [ -z "$why" ] && [ "$got" != "$want" ] && why="stdout changed"
    if [ -z "$why" ] && [ $flag = events ] && ! "$py" "$here/check_events.py" "$tmp/ev.jsonl" >/dev/null; then
      why="events do not follow the schema"
    fi
    if [ -z "$why" ] && [ $flag = html ] && ! grep -q 'id="data"' "$tmp/page.html"; then why="no page"; fi
    if [ -z "$why" ] && [ $flag = stats ] && ! grep -q "== top 10 lines" "$tmp/err"; then why="no statistics"; fi
    if [ -n "$why" ]; then bad=$((bad + 1)); [ -z "$first" ] && first="$name: $why"; fi
  done
  if [ $bad -eq 0 ]; then echo "PASS flags_$flag ($n programs)"
  else echo "FAIL flags_$flag: $bad of $n programs, first $first"; fi
done

# pyheap.why_alive from Python, once `import pyheap` works (src/vm/import.c).
if (cd "$tmp" && echo 'import pyheap' | "$bin" - >/dev/null 2>&1); then
  cat > "$tmp/why.py" <<'PY'
import pyheap
class Leaf: pass
data = {'k': [1, Leaf()]}
print(pyheap.why_alive(data['k'][1]))
def f():
    mine = [data]
    return pyheap.why_alive(mine)
print(f())
print(pyheap.why_alive([]))
print(pyheap.refcount(data), pyheap.cache(7), pyheap.cache(10 ** 9))
PY
  want="[\"global 'data' (module __main__) -> dict\", \"['k'] -> list\", '[1] -> Leaf']
[\"local 'mine' in f() -> list\"]
[]
1 small int None"
  got=$(cd "$tmp" && "$bin" why.py 2>&1)
  if [ "$got" = "$want" ]; then echo "PASS why_alive"; else echo "FAIL why_alive: got"; echo "$got"; fi
else
  echo "SKIP why_alive: 'import pyheap' is not registered yet (src/vm/import.c)"
fi
