# Checks special-method dispatch on classes: type(), isinstance tuples, reflected operators with subclass
# priority, property setter/deleter errors, __slots__ with __dict__, __class__ assignment, hash rules.
X = type('X', (object,), {'a': 1, 'f': lambda self: self.a + 1})
x = X(); print(X, X.a, x.f(), X.__name__, X.__module__ if hasattr(X, '__module__') else None)
print(isinstance(1, (str, int)), isinstance('a', (int, (float, str))), issubclass(bool, (str, int)))
class R:
    def __repr__(self): return "R<" + super().__repr__()[:10] + ">"
print(R())
print(object.__repr__(R())[:12])
class BadInit:
    def __init__(self): return 5
try: BadInit()
except TypeError as e: print(e)
class BB:
    def __bool__(self): return 1
try: bool(BB())
except TypeError as e: print(e)
class NL:
    def __len__(self): return -1
try: len(NL())
except ValueError as e: print(e)
class Idx:
    def __index__(self): return 1
print([10, 20, 30][Idx()], "abc"[Idx()], range(5)[Idx()])
class BI:
    def __iter__(self): return 5
try: iter(BI())
except TypeError as e: print(e)
class NI:
    def __eq__(self, o): return NotImplemented
print(NI() == NI(), NI() == 1, 1 == NI())
class Base:
    def __add__(self, o): return "Base.add"
    def __radd__(self, o): return "Base.radd"
class Derived(Base):
    def __radd__(self, o): return "Derived.radd"
print(Base() + Derived(), Derived() + Base(), 1 + Base())
class Pr:
    @property
    def v(self): return 1
try: Pr().v = 2
except AttributeError as e: print(e)
try: del Pr().v
except AttributeError as e: print(e)
class PD:
    def __init__(self): self._v = 0
    def _get(self): return self._v
    def _set(self, v): self._v = v
    def _del(self): print("deleting"); del self._v
    v = property(_get, _set, _del, "the v")
p = PD(); p.v = 3; print(p.v, PD.v.__doc__); del p.v; print(hasattr(p, '_v'))
class SD:
    __slots__ = ('a', '__dict__')
s = SD(); s.a = 1; s.b = 2; print(s.a, s.b, s.__dict__)
class K1: pass
class K2: pass
k = K1(); k.z = 5; k.__class__ = K2; print(type(k).__name__, k.z)
print(K1.__dict__['__module__'], '__dict__' in K1.__dict__, K1.__doc__)
class WithEqHash:
    def __eq__(self, o): return True
    __hash__ = object.__hash__
print(type(hash(WithEqHash())).__name__)
class Sub(WithEqHash): pass
print(type(hash(Sub())).__name__)
class Cmp:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
print(max([Cmp(1), Cmp(3), Cmp(2)]).v, min(Cmp(5), Cmp(4)).v)
print(Cmp(1) > Cmp(0))
try: Cmp(1) <= Cmp(2)
except TypeError as e: print(e)
class Call:
    def __call__(self, a, b=2): return a + b
print(Call()(1), Call()(1, b=5), callable(Call()), callable(Cmp(1)))
print(repr(staticmethod(len))[:26], repr(classmethod(len))[:25])
class GetItemOnly:
    def __getitem__(self, k): return k * 2
g = GetItemOnly(); print(g[3], g['a'], 4 in g if False else 'skip')
class MyList(list):
    def __getitem__(self, i): return 'x' + str(list.__getitem__(self, i))
ml = MyList([1, 2]); print(ml[0], list(ml), len(ml))
class MyDict(dict):
    def __setitem__(self, k, v): super().__setitem__(k, v * 10)
md = MyDict(); md['a'] = 1; print(md, md['a'])
class Neg:
    def __neg__(self): return "neg"
    def __pos__(self): return "pos"
    def __abs__(self): return "abs"
    def __invert__(self): return "inv"
n = Neg(); print(-n, +n, abs(n), ~n)
class Num:
    def __int__(self): return 42
    def __float__(self): return 2.5
print(int(Num()), float(Num()))
class Str:
    def __str__(self): return "STR"
print(str(Str()), f"{Str()}", "%s" % Str(), [Str()][0].__str__())
class Cnt:
    def __init__(self): self.n = 0
    def __iter__(self): return self
    def __next__(self):
        self.n += 1
        if self.n > 3: raise StopIteration
        return self.n
print(list(Cnt()), sum(Cnt()), [a for a in Cnt()])
class H:
    def __hash__(self): return 2**70
print(hash(H()) == hash(2**70))
class Ex(Exception): pass
print(Ex.__mro__, Ex.__base__, Ex().__class__.__name__)
