"""05 - Reference counting.

Every object carries a count of the references to it.  Binding a name,
storing the object in a container, or passing it to a function adds one;
unbinding, removing or returning takes one away.  When the count reaches
zero the object is freed immediately.

sys.getrefcount(obj) shows the count.  It is always one higher than you
might expect, because the argument passed to getrefcount is itself a
reference for as long as the call lasts.  We use freshly created lists;
shared objects such as None, small ints or interned strings have counts that
include references from the whole interpreter and are not meaningful here.
"""
import sys

a = []
print("a = []                 ->", sys.getrefcount(a), " (the name a + the argument)")
b = a
print("b = a                  ->", sys.getrefcount(a), " (+ the name b)")


def look(param):
    return sys.getrefcount(param)


print("inside look(a)         ->", look(a), " (+ the parameter in look's frame + the argument)")
print("getrefcount([])        ->", sys.getrefcount([]), " (a temporary: only the argument refers to it)")
pair = [a, a]
print("pair = [a, a]          ->", sys.getrefcount(a), " (+ two list slots)")
table = {"key": a}
print("table = {'key': a}     ->", sys.getrefcount(a), " (+ the dict value)")
del b
print("del b                  ->", sys.getrefcount(a))
pair.clear()
print("pair.clear()           ->", sys.getrefcount(a))
del table["key"]
print("del table['key']       ->", sys.getrefcount(a), " (back to the name a + the argument)")

print()
print("== One object stored ten times")
big = int("123456789012345")     # a fresh int (not a cached small int)
before = sys.getrefcount(big)
row = [big] * 10
print("[big] * 10 adds", sys.getrefcount(big) - before, "references; all slots share it:",
      all(item is big for item in row))
row = None
print("row = None gives them back:", sys.getrefcount(big) - before, "extra")

print()
print("== Count zero means freed, right away")


class Noisy:
    def __del__(self):
        print("   __del__: the last reference is gone")


n = Noisy()
m = n
print("refcount(n) =", sys.getrefcount(n))
print("del n ...")
del n
print("del m ...")
del m
print("(freed before this line was printed)")
