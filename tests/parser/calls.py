f()
f(1)
f(1, 2)
f(a=1)
f(1, b=2)
f(*a)
f(**k)
f(*a, *b, **c, **d)
f(1, *a, b=2, *c, **d)
f(x for x in y)
f((x for x in y), 1)
f(a)(b)(c)
f(
    1,
    2,
)
f(a=1, *b)
f(x := 1)
