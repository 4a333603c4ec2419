# Checks refcounts of objects referenced from module globals, class attributes, and several names.
import sys

class Registry:
    items = []

obj = {'payload': 1}
print("global only:", sys.getrefcount(obj))
Registry.items.append(obj)
print("+ class-level list:", sys.getrefcount(obj))
alias1 = alias2 = alias3 = obj
print("+ three aliases:", sys.getrefcount(obj))
g = globals()
print("same through globals():", sys.getrefcount(g['obj']))
del alias1, alias2, alias3
Registry.items.pop()
print("back to:", sys.getrefcount(obj))
def use_global():
    return sys.getrefcount(obj)
print("from a function reading the global:", use_global())
