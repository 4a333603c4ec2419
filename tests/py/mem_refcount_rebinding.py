# Checks that rebinding a name moves a reference from the old object to the new one.
import sys

old = [1, 2, 3]
new = [4, 5, 6]
print("old, new:", sys.getrefcount(old), sys.getrefcount(new))
x = old
print("x = old :", sys.getrefcount(old), sys.getrefcount(new))
x = new
print("x = new :", sys.getrefcount(old), sys.getrefcount(new))
y = x
print("y = x   :", sys.getrefcount(old), sys.getrefcount(new))
del x
print("del x   :", sys.getrefcount(old), sys.getrefcount(new))
x = y = old
print("x=y=old :", sys.getrefcount(old), sys.getrefcount(new))
