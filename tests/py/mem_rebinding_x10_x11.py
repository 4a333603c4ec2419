# Checks rebinding: x = 10 then x = 11 makes x refer to another object; the old object is untouched
# and, for a fresh object, its reference count drops.
import sys

x = 10
ten = x
x = 11
print("x:", x, " old object still 10:", ten, " x is ten:", x is ten)

big = int('10000000000')      # a fresh mortal int
x = big
print("refcount(big) with x bound:", sys.getrefcount(big))
x = int('11000000000')
print("refcount(big) after x rebound:", sys.getrefcount(big))
print("refcount(x):", sys.getrefcount(x))

y = x
x = x + 1
print("y unchanged:", y, " x:", x, " y is x:", y is x)

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  freed", self.name)

print("bind v to A")
v = Noisy('A')
print("rebind v to B")
v = Noisy('B')
print("rebind v to None")
v = None
print("end")
