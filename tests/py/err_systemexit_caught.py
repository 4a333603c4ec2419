# Checks that SystemExit can be caught (it is a BaseException) and its code inspected, then exits with 2.
import sys
try:
    sys.exit(5)
except SystemExit as e:
    print('caught SystemExit with code', e.code)
try:
    raise SystemExit
except SystemExit as e:
    print('bare SystemExit code:', e.code)
raise SystemExit(2)
