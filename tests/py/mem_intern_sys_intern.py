# Checks sys.intern: equal runtime strings become one shared object.
import sys

a = ''.join(['dyn', 'amic ', 'string!'])
b = ''.join(['dynamic', ' string!'])
print("equal:", a == b, " same object:", a is b)
ia = sys.intern(a)
ib = sys.intern(b)
print("interned same object:", ia is ib)
print("first one wins:", ia is a, ib is a)
c = str(12345)
d = str(12345)
print("str(12345) twice:", c is d)
print("interned:", sys.intern(c) is sys.intern(d))
try:
    sys.intern(123)
except TypeError as e:
    print(type(e).__name__, e)
class S(str):
    pass
try:
    sys.intern(S('abc'))
except TypeError as e:
    print(type(e).__name__, e)
