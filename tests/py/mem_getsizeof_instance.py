# Checks sizes of class instances: 56 for a plain instance (no matter how many attributes), 40 for __slots__.
import sys

class Plain:
    pass

class WithInit:
    def __init__(self):
        self.a = 1
        self.b = 2
        self.c = 3

class Slotted:
    __slots__ = ('a',)

class Slotted3:
    __slots__ = ('a', 'b', 'c')

class Empty:
    __slots__ = ()

p = Plain()
print("Plain()       ", sys.getsizeof(p))
p.x = 1
print("with attribute", sys.getsizeof(p))
print("WithInit()    ", sys.getsizeof(WithInit()))
print("Slotted()     ", sys.getsizeof(Slotted()))
print("Slotted3()    ", sys.getsizeof(Slotted3()))
print("__slots__=()  ", sys.getsizeof(Empty()))
print("has __dict__  ", hasattr(p, '__dict__'), hasattr(Slotted(), '__dict__'))
