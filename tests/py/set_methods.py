# Checks set methods and operators (results printed sorted): add, discard, remove, pop, union, intersection,
# difference, symmetric_difference, issubset/issuperset/isdisjoint, comparisons.
s = {1, 2, 3}
s.add(4); s.add(2)
print(sorted(s), len(s))
s.discard(10); s.discard(1)
print(sorted(s))
s.remove(4)
print(sorted(s))
try:
    s.remove(99)
except KeyError as e:
    print(type(e).__name__, e)
small = {5, 3, 7}
popped = [small.pop(), small.pop(), small.pop()]
print(popped, small)
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union(b, [9])), sorted(a.intersection(b)), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
print({1, 2} <= a, {1, 2} < a, a >= {1}, a > a, a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({7}))
c = set(a); c |= {10}; c &= {1, 10}; print(sorted(c))
c.update([5, 6], (7,)); print(sorted(c))
c.difference_update({5}); c.intersection_update(range(7)); print(sorted(c))
c.clear(); print(c)
fs = frozenset('abc')
print(sorted(fs), sorted(fs | {'d'}), type(fs | {'d'}).__name__, type({'d'} | fs).__name__)
print(sorted({x for x in 'mississippi'}), len(set('mississippi')))
try:
    set().pop()
except KeyError as e:
    print(type(e).__name__, e)
try:
    {[1]}
except TypeError as e:
    print(type(e).__name__, e)
