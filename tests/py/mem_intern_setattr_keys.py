# Checks that attribute names set with setattr are interned, while ordinary dict keys are not.
import sys

class Obj:
    pass

o = Obj()
name = ''.join(['col', 'or'])
setattr(o, name, 'red')
key = list(o.__dict__)[0]
print("attribute key is interned:", key is sys.intern(''.join(['co', 'lor'])))
print("getattr:", getattr(o, ''.join(['c', 'olor'])))

d = {}
d[''.join(['siz', 'e'])] = 1
dkey = list(d)[0]
print("dict key is interned:", dkey is sys.intern(''.join(['si', 'ze'])))
