x = a < b
x = a < b < c
x = a == b != c
x = a <= b >= c > d
x = a is b
x = a is not b
x = a in b
x = a not in b
x = not a in b
x = (a < b) == (c > d)
