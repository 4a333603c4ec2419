# Checks sys.getrefcount for fresh mortal objects at module level (reference §4 table).
import sys

class C:
    pass

a = []
print("a=[]           ", sys.getrefcount(a))      # a + argument
b = a
print("b=a            ", sys.getrefcount(a))      # + b

def f(x):
    return sys.getrefcount(x)

print("f(a)           ", f(a))                    # a, b, parameter x, argument
print("getrefcount([])", sys.getrefcount([]))     # only the argument
l = [a, a]
print("l=[a,a]        ", sys.getrefcount(a))      # + 2 list slots
d = {'k': a}
print("d={'k':a}      ", sys.getrefcount(a))      # + dict value
del b
print("del b          ", sys.getrefcount(a))
o = C()
print("o=C()          ", sys.getrefcount(o))
print("getrefcount(C())", sys.getrefcount(C()))
del l
print("del l          ", sys.getrefcount(a))
d.clear()
print("d.clear()      ", sys.getrefcount(a))
