# Checks instance memory facts: getsizeof(instance) == 56, __slots__ instances are 40 and have no __dict__,
# and __del__ runs when the last reference to an instance goes.
import sys

class Plain:
    def __init__(self, v):
        self.v = v
    def __del__(self):
        print('  __del__ Plain', self.v)

class Slotted:
    __slots__ = ('v',)
    def __init__(self, v):
        self.v = v

p = Plain(1)
s = Slotted(2)
print('sizes:', sys.getsizeof(p), sys.getsizeof(s))
print('Plain has __dict__:', p.__dict__)
try:
    s.other = 3
except AttributeError as e:
    print(type(e).__name__, e)
try:
    s.__dict__
except AttributeError as e:
    print(type(e).__name__, e)
print(Slotted.__slots__, s.v)
print('type name:', type(p).__name__, type(s).__name__)
print('del p')
del p
print('after del p')
