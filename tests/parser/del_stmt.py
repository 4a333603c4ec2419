del a
del a, b
del a.b, a[1], (c, d), [e, f]
del (a)
del a,
