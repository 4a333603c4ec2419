# Checks deterministic hash values: ints, negative ones, big ints (mod 2**61-1), floats, tuples, bools, None-free.
print(hash(0), hash(1), hash(-1), hash(-2), hash(10**6))
print(hash(2**61 - 1), hash(2**61), hash(2**61 + 5), hash(-(2**61)), hash(2**100))
print(hash(1.0), hash(1.5), hash(-0.5), hash(True), hash(False))
print(hash((1, 2)), hash(()), hash((1, (2, 3))), hash((-1,)))
print(hash(float('inf')), hash(float('-inf')))
print(hash(frozenset()), hash(3 + 0j))
try:
    hash([1])
except TypeError as e:
    print(type(e).__name__, e)
try:
    hash({})
except TypeError as e:
    print(type(e).__name__, e)
