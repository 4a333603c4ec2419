# Checks class machinery: __getattr__/__setattr__/__getattribute__ hooks, builtin subclasses, metaclasses,
# __init_subclass__, __set_name__, C3 MRO with super(), context managers, singletons' types, __format__.
class Attr:
    def __init__(self):
        self.real = 1
    def __getattr__(self, name):
        return f"dyn:{name}"
a = Attr(); print(a.real, a.missing)
class Track:
    def __setattr__(self, name, value):
        print("set", name, value)
        super().__setattr__(name, value)
    def __delattr__(self, name):
        print("del", name)
        object.__delattr__(self, name)
t = Track(); t.x = 5; print(t.x); del t.x
print(hasattr(t, 'x'))
class GA:
    def __getattribute__(self, name):
        if name == 'magic': return 42
        return object.__getattribute__(self, name)
g = GA(); g.y = 3; print(g.magic, g.y)
try: g.nope
except AttributeError as e: print("AE", e)
class L(list):
    def total(self): return sum(self)
l = L([1, 2, 3]); l.append(4); print(l, l.total(), len(l), type(l).__name__, isinstance(l, list))
class D(dict):
    def __missing__(self, k): return k * 2
d = D(a=1); print(d['a'], d['zz'] if False else d.get('a'))
class I(int):
    def double(self): return self * 2
i = I(21); print(i, i.double(), i + 1, type(i + 1).__name__)
class St(str):
    def shout(self): return self.upper() + "!"
print(St("hi").shout(), St("x") + "y")
class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns['added'] = 'yes'
        return super().__new__(mcls, name, bases, ns)
class WithMeta(metaclass=Meta): pass
print(WithMeta.added, type(WithMeta).__name__)
class Base:
    def __init_subclass__(cls, **kw):
        print("subclass", cls.__name__, kw)
        super().__init_subclass__()
class Sub(Base, tag=1): pass
class Desc:
    def __set_name__(self, owner, name): self.name = name
    def __get__(self, obj, typ=None):
        if obj is None: return self
        return f"desc {self.name}"
class HasDesc:
    field = Desc()
print(HasDesc().field, HasDesc.field.name)
class A1: 
    def who(self): return "A1"
class B1(A1):
    def who(self): return "B1>" + super().who()
class C1(A1):
    def who(self): return "C1>" + super().who()
class D1(B1, C1):
    def who(self): return "D1>" + super().who()
print(D1().who(), [k.__name__ for k in D1.__mro__], D1.mro() == list(D1.__mro__))
try:
    class X(A1, B1): pass
except TypeError as e: print(e)
print(super(B1, D1()).who())
class Cnt:
    count = 0
    def __init__(self): Cnt.count += 1
Cnt(); Cnt(); print(Cnt.count)
class Ctx:
    def __enter__(self): print("enter"); return self
    def __exit__(self, *a): print("exit", a[0]); return True
with Ctx() as c: raise ValueError
print(type(None)(), type(None), type(...), type(NotImplemented), bool(None), repr(...), repr(NotImplemented))
class Fmt:
    def __format__(self, spec): return f"<{spec}>"
print(f"{Fmt():abc}", format(Fmt(), "x"))
try: format(object(), "d")
except TypeError as e: print(e)
print(format(object.__new__(Fmt), ""))
class R:
    def __repr__(self): return "R!"
print(str(R()), [R()], f"{R()!r}")
o = object(); print(o.__class__, object.__class__)
