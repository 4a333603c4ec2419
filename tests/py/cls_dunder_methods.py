# Checks special methods: __repr__, __str__, __eq__, __hash__, __len__, __lt__, __bool__, __contains__,
# __getitem__, __add__, __call__ and default behaviours.
class Vec:
    def __init__(self, *c):
        self.c = list(c)
    def __repr__(self):
        return f'Vec({", ".join(map(str, self.c))})'
    def __str__(self):
        return '<' + ' '.join(map(str, self.c)) + '>'
    def __eq__(self, other):
        return isinstance(other, Vec) and self.c == other.c
    def __hash__(self):
        return hash(tuple(self.c))
    def __len__(self):
        return len(self.c)
    def __lt__(self, other):
        return self.c < other.c
    def __contains__(self, v):
        return v in self.c
    def __getitem__(self, i):
        return self.c[i]
    def __add__(self, other):
        return Vec(*[a + b for a, b in zip(self.c, other.c)])
    def __call__(self, k):
        return Vec(*[k * a for a in self.c])

v = Vec(1, 2, 3)
w = Vec(1, 2, 3)
print(repr(v), str(v), v, [v], f'{v}', f'{v!r}')
print(v == w, v is w, v != w, v == [1, 2, 3], hash(v) == hash(w), len({v, w}))
print(len(v), bool(v), bool(Vec()), 2 in v, 9 in v, v[0], v[-1], v[1:])
print(sorted([Vec(3), Vec(1), Vec(2)]), Vec(1) < Vec(2), Vec(2) > Vec(1))
print(v + w, v(10))
print(list(v), [x for x in v])

class Flag:
    def __init__(self, on):
        self.on = on
    def __bool__(self):
        return self.on
print(bool(Flag(True)), bool(Flag(False)), 'yes' if Flag(False) else 'no')

class Plain:
    pass
a, b = Plain(), Plain()
print(a == a, a == b, a != b, bool(a), hash(a) == hash(a))

class EqOnly:
    def __eq__(self, other):
        return True
print(EqOnly.__hash__ is None)
try:
    hash(EqOnly())
except TypeError as e:
    print(type(e).__name__, e)
