# Checks instance memory in 3.11's layout: inline attribute values until __dict__ is asked for (a two-instance
# cycle collects 2, then 4 objects), __del__ in cycles, getsizeof of instances and classes, resurrection.
import gc, sys
gc.disable()
class A: pass
a = A(); b = A(); a.o = b; b.o = a
del a, b
print(gc.collect())
a = A(); b = A(); a.o = b; b.o = a; a.__dict__; b.__dict__
del a, b
print(gc.collect())
class D:
    def __init__(self, n): self.n = n
    def __del__(self): print("del", self.n)
x = D(1); y = D(2); x.p = y; y.p = x
del x, y
print("collect", gc.collect())
print(sys.getsizeof(A()), sys.getsizeof(A), type(A).__sizeof__(A))
class S: __slots__ = ('a',)
print(sys.getsizeof(S()), gc.is_tracked(A()), gc.is_tracked(S()))
z = A(); z.a = 1; z.b = 2; del z.a; z.c = 3; print(vars(z)); z.a = 9; print(z.__dict__)
w = A(); w.c = 1; w.a = 2; print(w.__dict__)
class P:
    def __init__(self): self.items = [self]
p = P(); print(gc.get_referents(p) == [[p]] if False else len(gc.get_referents(p)))
del p; print(gc.collect())
def f():
    class Local: pass
    return Local
L = f(); del L; print(gc.collect() > 0)
print(sys.getrefcount(A) > 1)
class Res:
    saved = None
    def __del__(self):
        print("resurrect")
        Res.saved = self
r = Res(); del r; print(Res.saved is not None); Res.saved = None
print("end")
