# Checks chained assignment, tuple/list unpacking, nested unpacking, starred targets and swaps.
a = b = c = [1]
print(a is b is c)
x, y = 1, 2
x, y = y, x
print(x, y)
[p, q] = 'ab'
print(p, q)
(m, (n, o)) = (1, (2, 3))
print(m, n, o)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = 'hello'
print(init, last)
h, *mid, t = range(5)
print(h, mid, t)
h, *mid, t = (1, 2)
print(h, mid, t)
for i, (k, v) in enumerate({'a': 1, 'b': 2}.items()):
    print(i, k, v)
lst = [0, 0, 0]
i = 0
i, lst[i] = 1, 9
print(i, lst)
d = {}
d['x'] = d['y'] = 5
print(d)
try:
    u, v = [1, 2, 3]
except ValueError as e:
    print(type(e).__name__, e)
try:
    u, v, w = [1, 2]
except ValueError as e:
    print(type(e).__name__, e)
try:
    u, v = 5
except TypeError as e:
    print(type(e).__name__, e)
