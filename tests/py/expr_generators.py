# Checks generator expressions consumed by sum/list/any/all/max, and that they are lazy and single-use.
print(sum(x * x for x in range(10)))
print(list(c * 2 for c in 'abc'))
print(any(x > 5 for x in range(10)), all(x < 5 for x in range(10)))
print(max(len(w) for w in ['a', 'abcd', 'ab']))
g = (n for n in range(3))
print(next(g), list(g), list(g))
print(sorted(x % 4 for x in range(10)))
print(tuple(i for i in range(4) if i != 2))
