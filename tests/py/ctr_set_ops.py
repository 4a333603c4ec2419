# Checks set and frozenset operations, iteration orders, hashing and messages.
def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__ + ":", repr(e))

print({3, 1, 2}, {10, 2, 33}, set(range(20, 0, -3)), set([100, 200, 300, 400, 500, 600, 700, 800, 900]))
s = set(range(10)); s.discard(3); s.add(42); print(s)
print({'c', 'a', 'b'}, {i * 8 for i in range(10)}, set(range(0, 1000, 37)))
a = {1, 2, 3, 4}; b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b, a.union(b, [9]), a.intersection(b, {4}), a.difference(b, {1}), a.symmetric_difference([5, 6]))
print(a <= b, a < a | b, a >= {1}, a > a, a == {4, 3, 2, 1}, a != b, a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({7}))
c = set(a); c |= b; print(c); c &= {1, 5, 9}; print(c); c -= {1}; print(c); c ^= {5, 6}; print(c)
c.update([10, 11], (12,)); c.intersection_update(range(11, 20)); print(c)
c.difference_update({11}); c.symmetric_difference_update([1, 2]); print(c)
print(c.pop(), c.pop(), c, set().union(), frozenset([1, 2]) | {3}, {3} | frozenset([1]))
f = frozenset('hello'); print(sorted(f), type(f | {'x'}).__name__, type({'x'} | f).__name__, f.copy() is f)
print(hash(frozenset({1, 2})), hash(frozenset()), hash(frozenset(range(100))), hash(frozenset([frozenset([1])])))
print({frozenset([1, 2]): 'x'}[frozenset([2, 1])], {1, 2} in {frozenset([1, 2])}, {1} in [{1}])
print(frozenset(), set(), repr(frozenset({1})), str({None}))
class S2(set): pass
class F2(frozenset): pass
print(S2([1, 2]), F2([3]), S2(), F2(), type(S2([1]) | {2}).__name__, type(F2([1]) & {1}).__name__)
ss = set(); ss.add(ss.__class__ is set); print(ss)
s5 = {1, 2, 3, 4, 5}
for x in range(100, 110):
    s5.add(x)
for x in range(100, 108):
    s5.discard(x)
print(s5, len(s5))
big = set(range(1000))
big -= set(range(0, 1000, 2))
print(len(big), sorted(big)[:5], 999 in big, 998 in big)
err(lambda: set().pop())
err(lambda: set().remove(1))
err(lambda: set().remove([]))
err(lambda: set([[]]))
err(lambda: {1} < 1)
err(lambda: {1} | [1])
err(lambda: set(1, 2))
err(lambda: set(x=1))
err(lambda: frozenset(x=1))
err(lambda: hash(set()))
err(lambda: set().add())
err(lambda: set().isdisjoint())
def mutate():
    s = {1, 2, 3}
    for x in s:
        s.add(x + 10)
err(mutate)
s = {1, 2}; s.remove({3}.__class__([1]).pop()); print(s)
t = {frozenset([1])}; t.discard({1}); print(t)
print({1, 2} == frozenset([1, 2]), {1} == {1.0}, {'a'} == {'a'})
