# Checks 3.11's constant folding limits, constant sharing and interning of code constants.
def big(): return 2 ** 127, 2 ** 128, 2 ** 200
c = big.__code__.co_consts
print(2 ** 127 in c, 2 ** 128 in c, 2 ** 200 in c)
def shifts(): return 1 << 127, 1 << 128, 1 << -1 if False else 0
c = shifts.__code__.co_consts
print(1 << 127 in c, 1 << 128 in c)
def strs(): return "ab" * 2048, "ab" * 2049, "x" * 4096, "x" * 4097
c = strs.__code__.co_consts
print([len(s) for s in c if isinstance(s, str)])
def tups(): return (1,) * 256, (1,) * 257, (1, 2) * 128, ((1, 2),) * 200
c = tups.__code__.co_consts
print(sorted(len(t) for t in c if isinstance(t, tuple)))
def nested(): return ((1, 2), (3, (4, 5)), "s", -1, ~2, not 0, +3.5, -0.0)
print([x for x in nested.__code__.co_consts if x is not None])
def mod(): return "%s" % 5, 7 % 3, 7 // 2, 7 / 2
print(7 % 3 in mod.__code__.co_consts, "5" in mod.__code__.co_consts)
def zero(): return 1 / 0
try: zero()
except ZeroDivisionError as e: print(e)
def sub(): return "abc"[1], (1, 2, 3)[-1], "abc"[5] if False else 1
print('b' in sub.__code__.co_consts, 3 in sub.__code__.co_consts)
def same1(): return "hello world!"
def same2(): return "hello world!"
print(same1() is same2(), same1.__code__.co_consts[1] is same2.__code__.co_consts[1])
a = 'x y'
def same3(): return 'x y'
print(a is same3())
def kinds(): return 1, 1.0, True
print(kinds.__code__.co_consts)
def neg0(): return 0.0, -0.0
print(neg0())
def infr(x): return x in [1, 2, 3], x in {1, 2}, x not in (1,)
print(infr(2), [type(c).__name__ for c in infr.__code__.co_consts])
def doc():
    "docstring here"
    return 1
print(doc.__doc__, doc.__code__.co_consts[0])
def nodoc(): return 1
print(nodoc.__doc__, nodoc.__code__.co_consts[0])
print((lambda: "x").__doc__)
import sys
s1 = 'hello_ident'
def fs(): return 'hello_ident'
print(s1 is fs(), sys.intern('hello_ident') is s1)
print(chr(97) is 'a', 'abc'[1] is 'b', '' is str())
def dbg(): return __debug__
print(dbg(), dbg.__code__.co_names)
