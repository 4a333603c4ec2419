a = 1
a = b = c = 2
a, b = b, a
[a, b] = 1, 2
(a, b), c = x
a.b = 1
a[0] = 2
a.b.c[1][2] = 3
*a, b = c
a, *b, c = d
x = y = (z := 3)
