# Checks len, sum, min, max (key=, default=), abs, sorted (key, reverse, stability), reversed, enumerate, zip, map, filter.
data = [5, 3, 8, 1, 9, 2]
print(len(data), len('hello'), len({}), len(range(7)), len({1: 2, 3: 4}))
print(sum(data), sum(data, 100), sum([0.5, 0.25]), sum([[1], [2]], []))
print(min(data), max(data), min(3, 1, 2), max('apple', 'pear', key=len), min([], default='empty'), max([], default=None))
print(min(['bb', 'a', 'ccc'], key=len), max({'a': 3, 'b': 1}, key=lambda k: -ord(k)))
print(abs(-7), abs(7.5), abs(-0))
print(sorted(data), sorted(data, reverse=True), sorted('hello'), sorted(data, key=lambda x: x % 3))
pairs = [('b', 2), ('a', 2), ('c', 1), ('a', 1)]
print(sorted(pairs, key=lambda p: p[1]))                 # stable: original order kept for ties
print(sorted(pairs), sorted(pairs, key=lambda p: p[0], reverse=True))
print(list(reversed(data)), list(reversed('abc')), list(reversed((1, 2))))
print(list(enumerate('abc')), list(enumerate('abc', start=1)), list(enumerate([], 5)))
print(list(zip([1, 2, 3], 'ab')), list(zip()), list(zip(*[(1, 'a'), (2, 'b')])))
print(list(map(lambda x: x * 2, data)), list(map(pow, [2, 3], [3, 2])), list(map(str.upper, 'ab')))
print(list(filter(lambda x: x > 4, data)), list(filter(None, [0, 1, '', 'a', None, []])))
try:
    min([])
except ValueError as e:
    print(type(e).__name__, e)
try:
    max()
except TypeError as e:
    print(type(e).__name__, e)
try:
    sorted([1, 'a'])
except TypeError as e:
    print(type(e).__name__, e)
