#!/usr/bin/env bash
# Regenerates the expected outputs of tests/py/*.py by running the reference
# interpreter, CPython 3.11 (`python3.11` from PATH).
#
#   tools/regen_expected.sh            regenerate every test
#   tools/regen_expected.sh NAME ...   regenerate only these (NAME or NAME.py)
#
# Each program runs from inside tests/py as `python3.11 NAME.py`, stdin from
# /dev/null, with a fixed environment.  stdout goes to NAME.out.  When the exit
# status is non-zero the script also writes stderr to NAME.err and the status
# to NAME.code; otherwise stale NAME.err / NAME.code files are removed.
#
# Path normalisation: since 3.9 CPython turns the script path given on the
# command line into an absolute path (__file__, co_filename), so its
# tracebacks say `File "/abs/path/tests/py/NAME.py", line N`.  That is
# environment-specific, so the absolute tests/py directory prefix is removed
# from NAME.err, giving `File "NAME.py", line N` -- the path exactly as given
# on the command line, which is what pyheap prints.  Nothing else is changed.
# The script fails if that directory still appears in any .out or .err file.
#
# Expected files are never edited by hand: change the program, rerun this.
set -u
py=${PYTHON311:-python3.11}
ver=$("$py" --version 2>&1) || { echo "regen: cannot run $py" >&2; exit 2; }
case "$ver" in
  "Python 3.11."*) ;;
  *) echo "regen: need CPython 3.11.x, got '$ver' from $py" >&2; exit 2 ;;
esac

dir=$(cd "$(dirname "$0")/../tests/py" && pwd -P) || exit 2
cd "$dir" || exit 2

if [ $# -gt 0 ]; then
  names=()
  for a in "$@"; do a=$(basename "$a"); names+=("${a%.py}"); done
else
  shopt -s nullglob
  names=()
  for f in *.py; do names+=("${f%.py}"); done
fi

status=0; n=0; nerr=0
for name in "${names[@]}"; do
  if [ ! -f "$name.py" ]; then
    echo "regen: no such test: $name.py" >&2; status=1; continue
  fi
  errtmp=$(mktemp)
  env -u PYTHONSTARTUP -u PYTHONPATH -u PYTHONHOME -u PYTHONWARNINGS \
      PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 PYTHONIOENCODING=utf-8 \
      "$py" "$name.py" </dev/null >"$name.out" 2>"$errtmp"
  rc=$?
  if [ $rc -ne 0 ]; then
    "$py" -c '
import sys
path, prefix = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8", errors="surrogateescape") as f:
    text = f.read()
with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
    f.write(text.replace(prefix, ""))
' "$errtmp" "$dir/"
    cat "$errtmp" >"$name.err"; rm -f "$errtmp"
    echo "$rc" >"$name.code"
    nerr=$((nerr + 1))
  else
    rm -f "$errtmp" "$name.err" "$name.code"
  fi
  n=$((n + 1))
  for f in "$name.out" "$name.err"; do
    if [ -f "$f" ] && grep -qF "$dir" "$f"; then
      echo "regen: $f contains the absolute path $dir (environment-specific)" >&2
      status=1
    fi
  done
done
echo "regen: $n test(s) regenerated with $ver ($nerr with non-zero exit status)"
exit $status
