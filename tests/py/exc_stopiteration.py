# Checks StopIteration from next(), next() with a default, and iteration protocol basics.
it = iter([1, 2])
print(next(it), next(it), next(it, 'default'))
try:
    next(it)
except StopIteration as e:
    print(type(e).__name__, repr(e), e.args)
ge = (c for c in 'a')
print(next(ge))
try:
    next(ge)
except StopIteration as e:
    print('generator expression exhausted', e.value)
print(list(iter([])), next(iter('xy')))
