"""04 - Immutability and rebinding.

`x = 10` then `x = 11` does not change the object 10: ints are immutable.
The name x is simply *rebound* to a different object.  The same holds for
str, tuple, float and frozenset: every "change" builds a new object.

Lists, dicts and sets are mutable: methods like append() change the object
in place, and its identity stays the same.
"""
import sys

print("== x = 10, then x = 11")
x = 10
old = x                   # keep a second reference to the object 10
x = 11
print("  x =", x, "  old =", old, "  x is old:", x is old)
print("  the object 10 was not modified; x now refers to another object")

print()
print("== Rebinding moves a reference from one object to another")
first = [1, 2, 3]         # fresh lists, so their counts are easy to read
second = [4, 5, 6]
y = first
print("  y = first :  refcount(first) =", sys.getrefcount(first),
      "  refcount(second) =", sys.getrefcount(second))
y = second
print("  y = second:  refcount(first) =", sys.getrefcount(first),
      "  refcount(second) =", sys.getrefcount(second))
print("  (getrefcount reports one extra: its own argument)")

print()
print("== String 'modification' creates new objects")
s = "hello"
t = s
s += " world"
print("  s =", repr(s), "  t =", repr(t), "  s is t:", s is t)
u = s.upper()
print("  s.upper() is s:", u is s)

print()
print("== Tuples too")
tup = (1, 2)
before = tup
tup += (3,)
print("  tup =", tup, "  before =", before, "  tup is before:", tup is before)

print()
print("== A list is changed in place: same object, new contents")
lst = [1, 2]
same = lst
lst.append(3)
lst += [4]                # += on a list extends it in place
print("  lst =", lst, "  same is lst:", same is lst)
lst = lst + [5]           # + builds a new list, then lst is rebound to it
print("  after lst = lst + [5]: same =", same, "  lst =", lst, "  same is lst:", same is lst)

print()
print("== Immutable objects cannot be changed in place")
try:
    s[0] = "H"
except TypeError as e:
    print("  TypeError:", e)
