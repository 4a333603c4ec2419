a.b
a.b.c.d
a().b
a[1].b
(a).b
(1).real
'x'.join(y)
a.b(c).d[e]
