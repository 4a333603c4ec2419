x = (a) + b
x = a + (b)
x = ((a)) * ((b))
(a).b
(a)[0]
(a)(b)
f((a), (b))
x = (a for b in c)
(yield)
x = (
  a
  +
  b
)
