# Checks dict methods, views, ordering after deletes, merges and error messages.
def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__ + ":", repr(e))

d = {'b': 1, 'a': 2}
d['c'] = 3; d['b'] = 10; del d['a']; d['a'] = 4
print(d, len(d), list(d), list(d.values()), list(d.items()))
print(d.get('a'), d.get('zz'), d.get('zz', 0), d.setdefault('a', 9), d.setdefault('n', []), d)
d['n'].append(1)
print(d.pop('n'), d.pop('zz', 'dflt'), d.popitem(), d)
e = dict(d); e.update({'x': 1}, y=2); e.update([('z', 3), ['w', 4]]); e.update(v=5)
print(e, e == d, e != d, d == {'b': 10, 'c': 3})
print(dict(a=1, b=2), dict([(1, 2), (3, 4)]), dict({'k': 'v'}, k2='v2'), dict(zip('ab', range(2))), dict())
print(dict.fromkeys('abc'), dict.fromkeys([1, 2], 0), dict.fromkeys({'x': 1, 'y': 2}, []), dict.fromkeys({5, 6}))
print({1: 'a'} | {2: 'b'}, {1: 'a', 2: 'x'} | {2: 'b'})
f = {1: 1}; f |= {2: 2}; f |= [(3, 3)]; print(f)
k = {'a': 1, 'b': 2, 'c': 3}.keys()
print(k, k & {'a', 'z'}, k | {'z'}, sorted(k - {'a'}), sorted(k ^ {'a', 'q'}), k == {'a', 'b', 'c'}, k < {'a', 'b', 'c', 'd'})
print({'a': 1}.items() & {('a', 1), ('b', 2)}, ('a', 1) in {'a': 1}.items(), ('a', 2) in {'a': 1}.items(), 'a' in k)
print(k.isdisjoint({'x'}), k.isdisjoint(['a']), {1: 2}.values(), len({1: 2}.values()), 2 in {1: 2}.values())
print(list(reversed({1: 'a', 2: 'b', 3: 'c'})), list(reversed({1: 'a', 2: 'b'}.items())), list(reversed({1: 'a'}.values())))
big = {}
for i in range(100):
    big[i] = i * i
for i in range(0, 100, 3):
    del big[i]
print(len(big), list(big)[:10], sum(big.values()))
big2 = {str(i): i for i in range(50)}
for i in range(40):
    big2.pop(str(i))
big2['new'] = 1
print(list(big2.items()))
r = {}; r['self'] = r; print(r, {1: {2: {3: {}}}})
print({(1, 2): 'tuple key', 1.0: 'float', True: 'bool', None: 'none'})
print({1: 'int', 1.0: 'float'}, {0: 'a', False: 'b', 0.0: 'c'})
class K:
    def __init__(self, v): self.v = v
    def __hash__(self): return 1
    def __eq__(self, o): return isinstance(o, K) and o.v == self.v
    def __repr__(self): return 'K(%r)' % self.v
kk = {K(1): 'one', K(2): 'two', K(3): 'three'}
print(kk, kk[K(2)], K(4) in kk)
del kk[K(1)]; print(kk)
class D(dict):
    def __missing__(self, key):
        return 'missing ' + str(key)
dd = D(a=1); print(dd['a'], dd['b'], dd, type(dd).__name__, dd.get('b'))
it = iter({1: 1, 2: 2})
print(next(it), list(it))
err(lambda: {}['a'])
err(lambda: {}[(1, 2)])
err(lambda: {}[[1]])
err(lambda: {}.pop('x'))
err(lambda: {}.popitem())
err(lambda: {}.get())
err(lambda: {}.update(1))
err(lambda: {}.update([1]))
err(lambda: {}.update([(1, 2, 3)]))
err(lambda: {}.update(['ab', 'c']))
err(lambda: dict(1, 2))
err(lambda: {1: 1} < {2: 2})
err(lambda: hash({}))
err(lambda: hash({}.keys()))
err(lambda: {}.keys(1))
def mutate():
    d = {1: 1, 2: 2}
    for k in d:
        d[k + 10] = 0
err(mutate)
def mutate2():
    d = {1: 1, 2: 2}
    for k in d:
        del d[k]
        d[k + 10] = 0
err(mutate2)
m = {'a': 1}
print(m.copy(), m.copy() is m, {}.copy(), dict(m) == m)
m.clear(); print(m, len(m))
