# Checks sys.getrecursionlimit / setrecursionlimit and catching RecursionError.
import sys
print("default limit:", sys.getrecursionlimit())

def down(n):
    return down(n + 1)

try:
    down(0)
except RecursionError as e:
    print(type(e).__name__, e)

def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)

print("depth 500:", depth(500))
sys.setrecursionlimit(2000)
print("new limit:", sys.getrecursionlimit())
print("depth 1500:", depth(1500))
sys.setrecursionlimit(1000)
try:
    depth(5000)
except RecursionError as e:
    print("caught again:", e)
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print(type(e).__name__, e)
print("still usable after recovery:", depth(10))
