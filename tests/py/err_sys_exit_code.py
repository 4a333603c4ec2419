# Checks sys.exit(3): exit status 3, no traceback, output before it kept, finally blocks run.
import sys
print('about to exit with status 3')
try:
    sys.exit(3)
finally:
    print('finally runs during SystemExit')
print('never printed')
