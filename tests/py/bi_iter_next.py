# Checks iter()/next() with defaults, iter(callable, sentinel), and exhausted iterators.
it = iter([10, 20])
print(next(it), next(it), next(it, 'done'), next(it, None))
vals = iter([3, 2, 1, 0, 5])
print(list(iter(lambda: next(vals), 0)))
d = {'a': 1, 'b': 2}
k = iter(d)
print(next(k), list(k))
s = 'xyz'
si = iter(s)
print(next(si), ''.join(si))
print(iter(si) is si)
z = zip([1, 2], [3, 4])
print(next(z), list(z))
m = map(abs, [-1, -2])
print(next(m), next(m), next(m, 'end'))
