# Checks list/dict/set comprehensions: nested loops, conditions, nesting, scoping.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[i * j for j in range(3)] for i in range(3)])
print({k: v for k, v in zip('abc', range(3))})
print({x % 3 for x in range(10)} == {0, 1, 2})
print(sorted({c.upper() for c in 'hello'}))
print({n: n ** 2 for n in range(5) if n != 2})
print([x if x % 2 else -x for x in range(6)])
x = 'outer x'
print([x for x in 'ab'], x)
words = ['apple', 'bob', 'kayak', 'test']
print([w for w in words if w == w[::-1]])
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(row) for row in zip(*matrix)])
print([y for row in matrix for y in row if y > 2])
