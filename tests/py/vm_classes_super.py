# Checks classes: super(), __class__, name mangling, decorators, metaclass keywords, class scopes.
class A:
    x = 1
    def __init__(self, v): self.v = v
    def m(self): return "A.m", self.v
    @classmethod
    def cm(cls): return cls.__name__
    @staticmethod
    def sm(a): return a * 2
    @property
    def p(self): return self.v + 100
class B(A):
    def __init__(self, v):
        super().__init__(v * 10)
    def m(self):
        return "B.m", super().m(), __class__.__name__
b = B(2)
print(b.m(), b.cm(), B.sm(4), b.p, B.x, B.__qualname__, B.m.__qualname__)
class Priv:
    def __init__(self): self.__secret = 42
    def get(self): return self.__secret
p = Priv(); print(p.get(), p._Priv__secret, hasattr(p, '__secret'))
def deco(f):
    def wrapper(*a, **k):
        print("calling", f.__name__)
        return f(*a, **k)
    return wrapper
@deco
def add(a, b): return a + b
print(add(1, 2))
class Outer:
    class Inner:
        def meth(self): pass
    def f(self):
        def g(): pass
        return g
print(Outer.Inner.meth.__qualname__, Outer().f().__qualname__)
class WithDoc:
    "the doc"
    y: int = 3
    z: str
print(WithDoc.__doc__, WithDoc.__annotations__, WithDoc.y)
x = 5
class Scope:
    x = 6
    y = [x for _ in range(2)]
    z = x
print(Scope.y, Scope.z)
def mk():
    v = 'closure'
    class C:
        v = 'class'
        def get(self): return v
    return C
print(mk()().get())
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns['added'] = kw.get('flag')
        return super().__new__(mcls, name, bases, ns)
class WithMeta(metaclass=Meta, flag=7): pass
print(WithMeta.added, type(WithMeta).__name__)
print(type(lambda: 0).__name__, (lambda: 0).__name__, add.__qualname__)
def fa(a: int, *, b: str = "x") -> bool: pass
print(fa.__annotations__, fa.__kwdefaults__, fa.__defaults__)
class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
Counter(); Counter(); print(Counter.count)
class V:
    def __init__(self, a): self.a = a
    def __add__(self, o): return V(self.a + o.a)
    def __iadd__(self, o): self.a += o.a * 10; return self
    def __repr__(self): return f"V({self.a})"
    def __eq__(self, o): return self.a == o.a
    def __lt__(self, o): return self.a < o.a
    def __getitem__(self, i): return self.a * i
    def __len__(self): return 3
    def __call__(self, *a): return a
    def __contains__(self, x): return x == 1
v = V(1); w = V(2); print(v + w, v < w, v == V(1), v[5], len(v), v(1, 2), 1 in v, 2 in v)
v += w; print(v)
print(sorted([V(3), V(1), V(2)]))
