# Checks comparisons: chained comparisons, is/is not, in/not in, mixed numeric comparisons, sequence ordering.
x = 5
print(1 < x < 10, 1 < x > 10, 1 < 2 < 3 < 4, 3 > 2 == 2, 1 == 1.0 == True)
print(x is x, x is not None, None is None, [] is not [])
print(3 in [1, 2, 3], 'b' in 'abc', 'bc' in 'abc', 4 not in {1, 2}, 'k' in {'k': 1}, 1 in {'k': 1})
print(2 in range(0, 10, 2), 3 in range(0, 10, 2))
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 'a') < (1, 'b'), 'abc' < 'abd', 'Z' < 'a', '' < 'a')
print(1 == 1.0, 0.5 < 1, 2**100 > 1e30, -0.0 == 0, float('nan') == float('nan'))
print({1, 2} < {1, 2, 3}, {1, 2} <= {1, 2}, {1: 2} == {1: 2})
print([1, [2]] == [1, [2]], (1, 2) == [1, 2], 'a' != 'b')
def loud(v):
    print(' eval', v)
    return v
print(loud(1) < loud(0) < loud(5))
try:
    print(1 < 'a')
except TypeError as e:
    print(type(e).__name__, e)
try:
    print([1] < (1,))
except TypeError as e:
    print(type(e).__name__, e)
