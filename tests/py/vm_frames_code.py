# Checks frames and code objects: sys._getframe, locals(), co_* attributes, constant folding.
import sys, gc
def f():
    fr = sys._getframe()
    print(fr.f_code.co_name, fr.f_lineno, fr.f_back.f_code.co_name, sorted(fr.f_locals))
    return fr
fr = f()
print(fr.f_locals.keys(), fr.f_back is None or fr.f_back.f_code.co_name)
def g(a, b=2):
    c = a + b
    return locals()
print(g(1))
def cells(x):
    def inner(): return x
    return sys._getframe().f_locals
print(sorted(cells(5)))
print(sys._getframe().f_code.co_name)
def code_attrs(a, b, *c, d, **e):
    x = 1
    def inner(): return x + a
    return inner
co = code_attrs.__code__
print(co.co_name, co.co_argcount, co.co_kwonlyargcount, co.co_nlocals, co.co_varnames, co.co_cellvars, co.co_freevars, co.co_flags)
ico = code_attrs(1, 2, d=3).__code__
print(ico.co_freevars, ico.co_flags, ico.co_qualname, ico.co_firstlineno)
print(code_attrs.__code__.co_consts[0], type(code_attrs.__code__.co_consts[1]).__name__)
def gen(): yield 1
print(gen.__code__.co_flags, (lambda: 0).__code__.co_flags)
def posonly(a, b, /, c, *, d): pass
print(posonly.__code__.co_posonlyargcount, posonly.__code__.co_argcount)
print(sys.getsizeof(lambda: 0), sys.getsizeof(f))
class C:
    def m(self): return super()
print(C.m.__code__.co_freevars, C().m())
a = []
b = a
def rc(x): return sys.getrefcount(x)
print(rc(a), sys.getrefcount(a))
def localref():
    l = []
    m = l
    return sys.getrefcount(l)
print(localref())
def consts():
    return (1, 2, 3), "abc", 'abc' * 2, 2 ** 10, -5, not 1, ~5, 'abc'[1]
print(consts(), consts.__code__.co_consts)
def folded(): return 2 ** 200, "x" * 5000, (1,) * 300
print(folded.__code__.co_consts[:2])
def inl(x): return x in [1, 2, 3], x not in {4, 5}
print(inl.__code__.co_consts, inl(1))
