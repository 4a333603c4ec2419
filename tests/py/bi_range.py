# Checks range: steps, negative steps, len, indexing, slicing, membership, equality and repr.
print(list(range(5)), list(range(2, 8)), list(range(0, 20, 5)), list(range(10, 0, -3)), list(range(5, 5)))
r = range(3, 30, 4)
print(r, len(r), r[0], r[-1], r[2], r[1:4], r[::-1], list(r[::2]))
print(15 in r, 16 in r, r.index(19), r.count(7))
print(len(range(0)), len(range(10, 0)), len(range(-5, 5, 2)), range(0, 3) == range(3), range(0) == range(5, 2))
print(list(range(-1, -10, -2)), sum(range(101)), max(range(7)), list(reversed(range(4))))
print(range(10 ** 20)[-1], 10 ** 19 in range(10 ** 20), range(10 ** 20)[10 ** 19])
try:
    range(3)[5]
except IndexError as e:
    print(type(e).__name__, e)
try:
    range(1.5)
except TypeError as e:
    print(type(e).__name__, e)
