# Checks enumerate, zip, map, filter, reversed, iter(callable, sentinel), __getitem__ iteration and iterator types.
def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__ + ":", e)

print(list(enumerate('abc')), list(enumerate(['x', 'y'], 10)), list(enumerate(iterable=[1], start=-1)))
print(list(zip()), list(zip('ab', [1, 2, 3], (True, False))), list(zip(range(3))))
print(list(map(abs, [-1, 2, -3])), list(map(pow, [2, 3], [3, 2])), list(map(lambda a, b, c: a + b + c, 'ab', 'cd', 'ef')))
print(list(filter(None, [0, 1, '', 'a', [], [0]])), list(filter(lambda x: x % 2, range(10))), list(filter(bool, [0, 2])))
print(list(reversed([1, 2, 3])), list(reversed((1, 2, 3))), list(reversed('abc')), list(reversed(range(5))), list(reversed(range(0, 10, 3))))
class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i
    def __len__(self):
        return 4
print(list(Seq()), list(reversed(Seq())), 9 in Seq(), list(iter(Seq())))
class Rev:
    def __reversed__(self):
        return iter('zyx')
print(list(reversed(Rev())))
n = [0]
def counter():
    n[0] += 1
    return n[0]
print(list(iter(counter, 5)))
it = iter([1, 2, 3])
print(next(it), list(it), list(it))
for t in (iter([]), reversed([]), iter(()), iter({}), iter({}.values()), iter({}.items()), iter(set()), iter(range(1)),
          reversed(range(1)), enumerate([]), zip(), map(abs, []), filter(None, []), reversed((1,)), iter(Seq()), iter(counter, 1),
          iter(''), {}.keys(), {}.values(), {}.items()):
    print(type(t).__name__, end=' ')
print()
e = enumerate('ab'); print(next(e), next(e)); err(lambda: next(e))
z = zip([1, 2], 'ab'); a = next(z); b = next(z); print(a, b, a is b)
print([p for p in zip([1, 2], [3, 4])])
print(list(zip([1, 2], [3, 4], strict=True)))
err(lambda: list(zip([1], [1, 2], strict=True)))
err(lambda: list(zip([1, 2], [1], strict=True)))
err(lambda: list(zip([1, 2], [1, 2], [3], strict=True)))
err(lambda: enumerate())
err(lambda: enumerate(1))
err(lambda: enumerate([], 'a'))
err(lambda: enumerate([], x=1))
err(lambda: zip(1))
err(lambda: zip([], x=1))
err(lambda: map(int))
err(lambda: filter())
err(lambda: filter(None, [], x=1))
err(lambda: reversed(1))
err(lambda: reversed({1}))
err(lambda: reversed())
err(lambda: reversed([], x=1))
err(lambda: iter(1))
err(lambda: list(map(int, ['1', 'x'])))
class NoRev:
    __reversed__ = None
    def __getitem__(self, i): return i
    def __len__(self): return 2
err(lambda: reversed(NoRev()))
d = {1: 'a', 2: 'b'}
print(list(d.items()), [k for k, v in d.items()], list(enumerate(d)), dict(enumerate('xy')))
print(sum(x for x in range(10)), max(map(len, ['a', 'abc', 'ab'])), sorted(zip('cab', range(3))))
li = [1, 2, 3]
it = iter(li); li.append(4); print(list(it))
rit = reversed(li); li.pop(); print(list(rit))
