# Checks if/elif/else chains, truthiness of common values, and nested conditions.
def classify(n):
    if n < 0:
        return 'negative'
    elif n == 0:
        return 'zero'
    elif n < 10:
        return 'small'
    else:
        return 'large'

for n in [-3, 0, 5, 50]:
    print(n, classify(n))
for v in [0, 1, -1, 0.0, '', 'a', [], [0], (), {}, {0: 0}, set(), None, range(0), range(1)]:
    if v:
        print(repr(v), 'truthy')
    else:
        print(repr(v), 'falsy')
x = 5
if x > 1:
    if x > 3:
        print('x > 3')
    else:
        print('1 < x <= 3')
if not x:
    print('never')
else:
    print('x is truthy')
