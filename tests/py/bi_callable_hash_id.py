# Checks callable(), id() equality semantics, hash() of ints/tuples, isinstance/issubclass with tuples.
def f():
    pass
class C:
    def __call__(self):
        return 1
print(callable(f), callable(len), callable(C), callable(C()), callable(1), callable('x'), callable(None))
a = [1]
b = a
c = [1]
print(id(a) == id(b), id(a) == id(c), a is b, a is c, a == c)
print(type(id(a)).__name__, id(a) > 0)
print(hash(5), hash(-1), hash((1, 2)) == hash((1, 2)), hash(True) == hash(1))
print(isinstance(1, int), isinstance(True, int), isinstance(1, (str, float)), isinstance([], (list, tuple)))
print(issubclass(bool, int), issubclass(int, (str, object)), isinstance(C, type), isinstance(f, object))
