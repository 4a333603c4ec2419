# Checks dict methods: get, setdefault, pop, popitem, keys/values/items views, update, copy, clear, fromkeys, in, del.
d = {'a': 1, 'b': 2}
print(d.get('a'), d.get('z'), d.get('z', 0), d['b'])
print(d.setdefault('c', 3), d.setdefault('a', 100), d)
print(d.pop('c'), d.pop('zz', 'default'), d)
d['x'] = 9
print(d.popitem(), d)
k, v, it = d.keys(), d.values(), d.items()
print(k, v, it)
d['new'] = 5
print(list(k), list(v), list(it), len(k), 'new' in k, 5 in v, ('a', 1) in it)
print(k & {'a', 'q'}, sorted(k | {'z'}), sorted(k - {'a'}))
d.update({'b': 20, 'c': 30}); d.update(e=50); d.update([('f', 60)])
print(d)
c = d.copy(); c['a'] = -1
print(d['a'], c['a'], c is d)
print(dict.fromkeys('abc'), dict.fromkeys(['x', 'y'], 0))
print('a' in d, 'zz' in d, 1 in d)
del d['a']
print(d)
d.clear(); print(d, len(d))
try:
    {}.pop('k')
except KeyError as e:
    print(type(e).__name__, e)
print({1: 'a'} == {1: 'a'}, {1: 'a', 2: 'b'} == {2: 'b', 1: 'a'}, {'a': 1} | {'b': 2})
m = {'z': 1}; m |= {'y': 2}; print(m)
