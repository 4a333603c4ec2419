# Checks that dicts keep insertion order, including after deletion and re-insertion, and value replacement.
d = {}
for k in ['one', 'two', 'three', 'four']:
    d[k] = len(k)
print(list(d))
d['two'] = 'replaced'          # replacing a value keeps the position
print(list(d.items()))
del d['one']
print(list(d))
d['one'] = 1                   # re-inserted key goes to the end
print(list(d))
d.pop('three')
d['three'] = 3
print(d)
n = {i: i * i for i in range(10)}
for i in range(0, 10, 2):
    del n[i]
n[0] = 'back'
print(n)
print(list(reversed(d)), list(reversed(d.values())))
x = dict(b=1, a=2, c=3)
print(x, sorted(x), list(x))
