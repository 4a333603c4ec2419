# Checks set sizes as elements are added (table of 8 grows when 3/5 full).
import sys

s = set()
prev = sys.getsizeof(s)
print(0, prev)
for i in range(1, 60):
    s.add(i)
    size = sys.getsizeof(s)
    if size != prev:
        print(i, size)
    prev = size
print("frozenset()", sys.getsizeof(frozenset()))
print("frozenset(range(10))", sys.getsizeof(frozenset(range(10))))
