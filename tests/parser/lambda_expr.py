f = lambda: 0
f = lambda x: x
f = lambda x, y=1: x + y
f = lambda *a, **k: (a, k)
f = lambda a, /, b, *, c=3: c
f = lambda *, a: a
f = lambda x: lambda y: x + y
