# Checks generators: send, throw, close, yield from delegation, StopIteration to RuntimeError.
# generators
def gen(n):
    for i in range(n):
        x = yield i
        if x: print("got", x)
    return "done"
g = gen(3)
print(next(g), g.send("hi"), next(g))
try: next(g)
except StopIteration as e: print("stop", e.value)
def yf():
    r = yield from gen(2)
    print("r =", r)
    yield "end"
print(list(yf()))
def inner():
    try:
        yield 1
        yield 2
    finally:
        print("inner finally")
def outer():
    yield from inner()
o = outer(); print(next(o)); o.close(); print("closed")
def thrower():
    while True:
        try:
            yield
        except ValueError as e:
            print("caught", e)
t = thrower(); next(t); t.throw(ValueError("x")); t.throw(ValueError, "y")
try:
    t.throw(KeyError("k"))
except KeyError as e: print("propagated", e)
def bad():
    raise StopIteration
    yield
try: list(bad())
except RuntimeError as e: print(type(e).__name__, e, type(e.__cause__).__name__)
ge = (x * 2 for x in range(3))
print(ge.__name__, list(ge), list(ge))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

f = fib(); print([next(f) for _ in range(10)])
def g2():
    yield 1
x = g2(); print(x.gi_running, next(x), list(x))
def genexit():
    try:
        yield 1
    except GeneratorExit:
        print("exit seen")
        raise
ge2 = genexit(); next(ge2); del ge2
print("after del")
def deleg():
    v = yield from [1, 2]
    print("v", v)
print(list(deleg()))
def sender():
    total = 0
    while True:
        v = yield total
        if v is None: break
        total += v
s = sender(); next(s); s.send(3); print(s.send(4))
def ret(): 
    return 5
    yield
try: next(ret())
except StopIteration as e: print(e.value, e.args)
print(sorted((v, k) for k, v in {'a': 2, 'b': 1}.items()))
