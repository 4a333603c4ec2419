# Checks reference counts contributed by tuples, dict keys/values, sets, and attributes.
import sys

class Box:
    pass

x = [1, 2]
print("start       ", sys.getrefcount(x))
t = (x,)
print("in tuple    ", sys.getrefcount(x))
d = {1: x, 2: x}
print("2 dict vals ", sys.getrefcount(x))
key = (3, 4, 5000)
base = sys.getrefcount(key)
d2 = {key: 'v'}
print("dict key +  ", sys.getrefcount(key) - base)
fs = frozenset([7, 8])
base = sys.getrefcount(fs)
s = {fs}
print("set member +", sys.getrefcount(fs) - base)
b = Box()
b.item = x
print("attribute   ", sys.getrefcount(x))
b.other = x
print("2 attributes", sys.getrefcount(x))
del b
print("del b       ", sys.getrefcount(x))
del t, d
print("del t, d    ", sys.getrefcount(x))
s.discard(fs)
print("discarded  +", sys.getrefcount(fs) - base)
