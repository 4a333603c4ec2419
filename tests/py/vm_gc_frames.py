# Checks the collector and finalizers with frames and generators: self-referencing frames, generator cycles, close on del.
import gc, sys
gc.disable()
class D:
    def __del__(self): print("del D")
def selfref():
    d = D()
    f = sys._getframe()
    return 1
selfref()
print("collected:", gc.collect())
def gen():
    d = D()
    me = yield
    yield me
g = gen(); next(g); g.send(g)
del g
print("collected gen:", gc.collect())
def gen2():
    try:
        yield 1
    finally:
        print("gen2 finally")
x = gen2(); next(x); del x
print("after del x")
def gen3():
    d = D()
    yield d
y = gen3(); next(y); y = None
print("end")
