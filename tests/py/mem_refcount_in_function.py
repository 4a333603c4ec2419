# Checks sys.getrefcount for locals inside a function: fast locals count like globals.
import sys

def g():
    a = []
    print("local a=[]  ", sys.getrefcount(a))
    b = a
    print("local b=a   ", sys.getrefcount(a))
    l = [a, a]
    print("l=[a,a]     ", sys.getrefcount(a))
    t = (a, a, a)
    print("t=(a,a,a)   ", sys.getrefcount(a))
    del l
    print("del l       ", sys.getrefcount(a))
    del t, b
    print("del t, b    ", sys.getrefcount(a))
    return a

r = g()
print("returned    ", sys.getrefcount(r))

def nested(x):
    def inner(y):
        return sys.getrefcount(y)
    return inner(x)

obj = {}
print("two frames  ", nested(obj))
