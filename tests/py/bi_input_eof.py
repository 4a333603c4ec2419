# Checks input() when stdin is at end of file (the runner gives /dev/null): EOFError is raised.
print('before input')
try:
    line = input()
    print('got', repr(line))
except EOFError as e:
    print(type(e).__name__, repr(str(e)))
try:
    input('prompt> ')
except EOFError as e:
    print()
    print(type(e).__name__, e)
import sys
print('readline at EOF:', repr(sys.stdin.readline()))
