# Checks dict sizes as keys are added (the key table doubles: 8, 16, 32, ... slots).
import sys

d = {}
prev = sys.getsizeof(d)
print(0, prev)
for i in range(1, 50):
    d[i] = i
    size = sys.getsizeof(d)
    if size != prev:
        print(i, size)
    prev = size
s = {}
for k in ['alpha', 'beta', 'gamma']:
    s[k] = 1
print("str keys (3)", sys.getsizeof(s))
print("dict(a=1)   ", sys.getsizeof(dict(a=1)))
