# Checks container sizes after CPython's growth steps, freelist effects on gc counts, and tracking.
import sys, gc
gs = sys.getsizeof
print(gs([]), gs([1]), gs([1, 2, 3]), gs(list(range(4))), gs([0] * 10), gs([i for i in range(5)]), gs(list(x for x in range(4))))
l = []; l.extend(range(3)); e1 = gs(l); l.extend((1, 2, 3)); print(e1, gs(l))
l = list(range(10)); l.insert(0, 1); print(gs(l)); del l[2:]; print(gs(l))
l = list(range(10)); l[2:4] = [1, 2, 3, 4, 5]; print(gs(l)); l *= 3; print(gs(l))
l = list(range(100)); [l.pop() for _ in range(90)]; print(gs(l), len(l)); l.clear(); print(gs(l))
print(gs(()), gs((1,)), gs((1, 2)), gs(tuple(range(10))))
print(gs({}), gs({'a': 1}), gs({1: 2}), gs(dict(a=1, b=2, c=3, d=4, e=5, f=6)), gs({'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6}))
d = {}; sizes = []
for i in range(30):
    d[i] = i
    sizes.append(gs(d))
print(sizes)
d = {}; sizes = []
for i in range(30):
    d['k%d' % i] = i
    sizes.append(gs(d))
print(sizes)
d = {'a': 1}; d[1] = 2; print(gs(d))
d = dict.fromkeys(range(100)); print(gs(d))
for k in range(90):
    del d[k]
print(gs(d), gs(d.copy()), gs(dict(d)))
d.clear(); print(gs(d))
s = set(); sizes = []
for i in range(40):
    s.add(i)
    sizes.append(gs(s))
print(sizes)
print(gs(set()), gs({1, 2, 3, 4, 5}), gs(set(range(5))), gs(frozenset(range(100))), gs(set('abcdefghij')))
print(gs(range(10)), gs(slice(1)), gs(iter([])), gs(iter(())), gs(iter(range(3))), gs(enumerate([])), gs(zip()), gs(map(abs, [])), gs(filter(None, [])), gs(reversed([])), gs({}.keys()), gs(iter({})), gs(iter(set())))
gc.collect(); gc.disable()  # automatic collections (and stress mode) would reset the count
before = gc.get_count()[0]
lists = [[] for _ in range(1000)]
print('created', gc.get_count()[0] - before)
del lists
gc.collect()
print(gc.is_tracked({}), gc.is_tracked({'a': 1}), gc.is_tracked({'a': []}), gc.is_tracked({'a': {}}), gc.is_tracked({'a': ()}))
print(gc.is_tracked([]), gc.is_tracked(()), gc.is_tracked((1, [])), gc.is_tracked(set()), gc.is_tracked(frozenset()), gc.is_tracked(slice(1)))
t = tuple([1, 2]); print(gc.is_tracked(t)); gc.collect(); print(gc.is_tracked(t))
nt = ((1, 2), (3, (4,))); x = tuple(list(nt)); print(gc.is_tracked(x)); gc.collect(); print(gc.is_tracked(x))
d = {'a': []}; d['a'] = 1; print(gc.is_tracked(d)); gc.collect(1); print(gc.is_tracked(d)); gc.collect(); print(gc.is_tracked(d))
cyc = []; cyc.append(cyc); del cyc; print(gc.collect())
dc = {}; dc['me'] = dc; del dc; print(gc.collect())
a = [1]; b = (a,); a.append(b); del a, b; print(gc.collect())
