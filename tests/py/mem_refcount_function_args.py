# Checks reference counts seen through *args, **kwargs, defaults and bound methods.
import sys

def star(*args):
    return sys.getrefcount(args[0])

def kw(**kwargs):
    return sys.getrefcount(kwargs['v'])

x = []
print("module  ", sys.getrefcount(x))
print("*args   ", star(x))
print("**kwargs", kw(v=x))

dflt = []
def withdefault(a=dflt):
    return sys.getrefcount(a)
print("default ", withdefault())
print("default held:", sys.getrefcount(dflt))

class K:
    def m(self):
        return sys.getrefcount(self)

k = K()
print("instance", sys.getrefcount(k))
print("in method", k.m())
bm = k.m
print("bound method holds self:", sys.getrefcount(k))
del bm
print("after del bound:", sys.getrefcount(k))
