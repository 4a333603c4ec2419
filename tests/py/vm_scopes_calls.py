# Checks closures, nonlocal/global, argument binding, comprehensions, walrus, unpacking and f-strings.
# closures and scopes
def outer():
    x = 1
    def inner():
        nonlocal x
        x += 1
        return x
    return inner
f = outer()
print(f(), f(), f.__closure__[0].cell_contents)
def counter():
    count = 0
    def inc(n=1):
        nonlocal count
        count += n
        return count
    return inc
c = counter(); c(); c(5); print(c())
g = 10
def useg():
    global g
    g += 1
    return g
print(useg(), g)
def shadow():
    g = 5
    return g
print(shadow(), g)
# default args evaluated once
def app(x, l=[]):
    l.append(x); return l
print(app(1), app(2))
# kwargs
def kw(a, b=2, *args, c, d=4, **rest):
    return a, b, args, c, d, rest
print(kw(1, c=3))
print(kw(1, 2, 3, 4, c=5, e=6))
print(kw(*[1, 2], **{'c': 3, 'z': 9}))
def po(a, b, /, c):
    return a + b + c
print(po(1, 2, c=3), po(1, 2, 3))
# lambda closures in loop
fs = [lambda i=i: i for i in range(3)]
print([f() for f in fs])
fs2 = [lambda: i for i in range(3)]
print([f() for f in fs2])
# nested comprehension
print([(x, y) for x in range(3) for y in range(x)])
print({x: x*x for x in range(4)}, {x % 3 for x in range(10)})
print(sum(x*x for x in range(10)))
# walrus
print([y for x in range(5) if (y := x * 2) > 4], y)
# unpacking
a, *b, c = range(6); print(a, b, c)
(a, b), c = (1, 2), 3; print(a, b, c)
first, *rest = "hello"; print(first, rest)
try:
    a, b = [1, 2, 3]
except ValueError as e: print(e)
try:
    a, b, c = [1, 2]
except ValueError as e: print(e)
try:
    a, *b, c = [1]
except ValueError as e: print(e)
try:
    a, b = 5
except TypeError as e: print(e)
# chained comparisons
x = 5
print(1 < x < 10, 1 < x > 10, x == 5 == 5.0, 1 < 2 < 3 < 4 > 2)
# conditional and boolean
print(x if x > 3 else -x, x and 0, 0 or x, not x, None or [] or 'z')
# f-strings
name = "Ann"; val = 3.14159
print(f"{name!r:>8} {val:.2f} {val!s} {x:04d} {'nested' + f'{x}'} {{}}")
print(f"{x=}", f"{name = }")
