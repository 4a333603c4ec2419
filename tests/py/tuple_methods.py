# Checks tuple count/index, concatenation, repetition, comparison, hashing and nesting.
t = (1, 2, 3, 2, 1, 2)
print(t.count(2), t.count(9), t.index(3), t.index(2, 2), len(t))
print(t + (4,), (0,) * 3, t[1:3], (1, 2) < (1, 3), (1, 2) == (1, 2), 2 in t, max(t))
try:
    t.index(9)
except ValueError as e:
    print(type(e).__name__, e)
nested = ((1, 2), [3, 4])
nested[1].append(5)
print(nested)
try:
    hash(nested)
except TypeError as e:
    print(type(e).__name__, e)
d = {(1, 2): 'a', (3,): 'b'}
print(d[(1, 2)], d[3,], tuple(sorted((3, 1, 2))))
single = (5,)
not_tuple = (5)
print(type(single).__name__, type(not_tuple).__name__)
