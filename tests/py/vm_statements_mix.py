# Checks statements and expressions together: decorators with arguments, slices, augmented assignment targets, unpacking, loops with else, displays with unpacking, nested scopes, integer and float operators.
def deco_args(tag):
    def deco(f):
        def w(*a, **k): return (tag, f(*a, **k))
        w.__name__ = f.__name__
        return w
    return deco
@deco_args("T")
@deco_args("U")
def h(x, *, y=2): return x * y
print(h(3), h(3, y=5), h.__name__)
def mk(n):
    def add(x, n=n): return x + n
    return add
print(mk(3)(4), mk(3)(4, 10))
a = [0] * 10
a[1:9:2] = [1, 2, 3, 4]
print(a, a[::-1], a[-3:], a[:-7:-2])
del a[::3]; print(a)
d = {'k': [1, 2]}
d['k'][0] += 10; d['n'] = d.get('n', 0) + 1
print(d)
class O: pass
o = O(); o.v = 1; o.v += 5; o.l = [1]; o.l += [2]
print(o.v, o.l); del o.v; print(hasattr(o, 'v'))
x = y = z = 7; print(x, y, z)
p, *q, r = t = (1, 2, 3, 4); print(p, q, r, t)
for i, (j, k) in enumerate([(1, 2), (3, 4)]): print(i, j, k)
for n in range(3):
    if n == 5: break
else: print("for else")
while True:
    break
else: print("never")
try: pass
except: pass
else: print("try else")
def fact(n): return 1 if n <= 1 else n * fact(n - 1)
print(fact(25))
print([i for i in range(20) if i % 2 if i % 3], [[j for j in range(i)] for i in range(4)])
print({k: v for k, v in zip('abc', range(3)) if v}, {*range(3), *'ab'} == {0, 1, 2, 'a', 'b'})
print(*[1, 2], *(3,), sep='-', end='!\n')
print(dict(**{'a': 1}, b=2), [*range(3), *[9]], (*'ab',))
s = 0
for i in range(10):
    if i == 2: continue
    if i == 6: break
    s += i
print(s)
def gen_comp_scope():
    factor = 3
    return list(x * factor for x in range(3))
print(gen_comp_scope())
print((lambda *a, **k: (a, k))(1, 2, x=3))
print(isinstance(3, (int, str)), issubclass(bool, int))
print(1 if [] else 2, [] or {} or 0 or 'last')
v = 10
def rd(): return v
def wr():
    global v
    v = 20
wr(); print(rd())
def outer():
    x = 1
    def mid():
        def inner():
            nonlocal x
            x += 1
            return x
        return inner()
    return mid(), x
print(outer())
print(divmod(-7, 2), -7 // 2, -7 % 2, 7 // -2, 7 % -2, 2 ** -1, (-8) // 3)
print(5 // 0.5, 7.5 % 2, 1e308 * 10, -1e308 * 10)
print(0b101 << 3, -16 >> 2, ~0, 6 & 3, 6 | 3, 6 ^ 3, 1 << 100 >> 98)
print(1 < 2 == 2 > 1, (1, 2) < (1, 3), 'a' < 'b' < 'c', [1] == [1] != [2])
