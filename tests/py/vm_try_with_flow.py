# Checks try/except/else/finally with return/break/continue, with statements and re-raising.
# try/except/finally and control flow
def f1():
    try:
        return "try"
    finally:
        print("finally runs")
print(f1())
def f2():
    try:
        return "try"
    finally:
        return "finally wins"
print(f2())
def f3():
    for i in range(5):
        try:
            if i == 1: continue
            if i == 3: break
            print("body", i)
        finally:
            print("fin", i)
    else:
        print("no else")
    return i
print(f3())
def f4():
    try:
        1/0
    except ZeroDivisionError as e:
        print("caught", e)
        try:
            raise ValueError("inner")
        except ValueError as e2:
            print("inner caught", e2, "context:", repr(e2.__context__))
    else:
        print("else")
    finally:
        print("finally")
f4()
try:
    e
except NameError as ex: print(ex)
def f5():
    try:
        raise KeyError("a")
    except (TypeError, KeyError) as e:
        return repr(e)
print(f5())
import sys
def f6():
    try:
        raise ValueError("v")
    except ValueError:
        print(sys.exc_info()[0].__name__)
    print(sys.exc_info())
f6()
try:
    try:
        raise ValueError("first")
    finally:
        print("cleanup")
except ValueError as e:
    print("outer", e)
def f7():
    try:
        raise TypeError("x")
    except TypeError:
        raise RuntimeError("y") from None
try: f7()
except RuntimeError as e: print(e, e.__cause__, e.__suppress_context__, repr(e.__context__))
class CM:
    def __init__(self, name, suppress=False): self.name = name; self.suppress = suppress
    def __enter__(self): print("enter", self.name); return self
    def __exit__(self, t, v, tb): print("exit", self.name, t.__name__ if t else None); return self.suppress
with CM("a") as a, CM("b") as b:
    print("in with", a.name, b.name)
with CM("s", True):
    raise ValueError("suppressed")
print("after suppress")
try:
    with CM("n"):
        raise KeyError("k")
except KeyError: print("propagated")
def f8():
    with CM("r"):
        return "from with"
print(f8())
for i in range(3):
    with CM(str(i)):
        if i == 1: break
while True:
    try:
        break
    finally:
        print("break finally")
try:
    raise
except RuntimeError as e: print(e)
def reraise():
    try:
        raise ValueError("re")
    except ValueError:
        raise
try: reraise()
except ValueError as e: print("reraised", e)
try:
    raise 5
except TypeError as e: print(e)
class MyErr(Exception): pass
try: raise MyErr
except MyErr as e: print(type(e).__name__, e.args)
try:
    try: raise KeyError(1)
    except 5: pass
except TypeError as e: print(e)
x = 0
while x < 3:
    x += 1
else:
    print("while else", x)
