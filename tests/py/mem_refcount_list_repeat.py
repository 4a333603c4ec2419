# Checks that [obj] * 10 stores the same object 10 times (10 more references).
import sys

big = int("123456789012345")       # a fresh, mortal int built at run time
before = sys.getrefcount(big)
print("before:", before)
lst = [big] * 10
after = sys.getrefcount(big)
print("after :", after)
print("added :", after - before)
print("all same object:", all(e is big for e in lst))
lst.append(big)
print("append:", sys.getrefcount(big) - before)
lst.pop()
lst.pop()
print("pop x2:", sys.getrefcount(big) - before)
del lst[:3]
print("del[:3]:", sys.getrefcount(big) - before)
lst = None
print("rebind:", sys.getrefcount(big) - before)

a = [0] * 10
print("zeros share one object:", all(e is a[0] for e in a))
print("ids equal:", id(a[0]) == id(a[9]))
