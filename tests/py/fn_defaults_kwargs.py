# Checks def with defaults, keyword arguments, *args, **kwargs, keyword-only and positional-only parameters.
def f(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, kwargs)

print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=8))
print(f(a=1, c=3, d=0, z=9))

def pos_only(a, b, /, c, *, d):
    return a, b, c, d

print(pos_only(1, 2, 3, d=4))
print(pos_only(1, 2, c=3, d=4))
try:
    pos_only(1, b=2, c=3, d=4)
except TypeError as e:
    print(type(e).__name__, e)
try:
    f(1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    f(1, c=1, a=2)
except TypeError as e:
    print(type(e).__name__, e)

def g(*args, **kwargs):
    return args, kwargs

print(g())
print(g(*[1, 2], *(3,), **{'x': 1}, y=2))

def mutable_default(item, acc=[]):
    acc.append(item)
    return acc

print(mutable_default(1), mutable_default(2))
print(f.__defaults__, f.__kwdefaults__)
print(f.__name__, f.__code__.co_argcount, f.__code__.co_kwonlyargcount)

def too_few(a, b):
    pass
try:
    too_few(1)
except TypeError as e:
    print(e)
try:
    too_few(1, 2, 3)
except TypeError as e:
    print(e)
try:
    too_few(1, 2, x=3)
except TypeError as e:
    print(e)
