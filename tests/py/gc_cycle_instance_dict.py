# Checks that a two-instance cycle counts 4 objects once the instances' __dict__ were materialized
# (3.11 keeps attributes inline until __dict__ is requested).
import gc
gc.disable()
gc.collect()

class A:
    pass

a = A(); b = A()
a.o = b; b.o = a
del a, b
print("inline attributes:", gc.collect())

a = A(); b = A()
a.o = b; b.o = a
a.__dict__; b.__dict__
del a, b
print("materialized __dict__:", gc.collect())

class S:
    __slots__ = ('o',)
a = S(); b = S()
a.o = b; b.o = a
del a, b
print("__slots__ instances:", gc.collect())
