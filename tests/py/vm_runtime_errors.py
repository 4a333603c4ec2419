# Checks runtime error messages of the VM: unbound names, bad calls, unpacking, imports.
def ul():
    print(x)
    x = 1
try: ul()
except UnboundLocalError as e: print(e)
def fv():
    def inner(): return y
    try: inner()
    except NameError as e: print(type(e).__name__, e)
    y = 1
fv()
try: undefined_thing
except NameError as e: print(e, e.name)
def dl():
    a = 1
    del a
    try: del a
    except UnboundLocalError as e: print(e)
dl()
try: del nonexist
except NameError as e: print(e)
class K: pass
try: K().zz
except AttributeError as e: print(e)
def rec(n): return rec(n + 1)
try: rec(0)
except RecursionError as e: print(e)
print("still ok")
def ff(*, k): pass
try: ff(1)
except TypeError as e: print(e)
try: ff()
except TypeError as e: print(e)
def mm(a, b, c, d): pass
try: mm(1)
except TypeError as e: print(e)
try: mm(1, 2, 3, 4, b=5)
except TypeError as e: print(e)
try: (lambda: 0)(x=1)
except TypeError as e: print(e)
try: print(*5)
except TypeError as e: print(e)
try: print(**5)
except TypeError as e: print(e)
try: len(**{'a': 1}, **{'a': 2})
except TypeError as e: print(e)
try: [*5]
except TypeError as e: print(e)
try: {**5}
except TypeError as e: print(e)
try:
    with 5: pass
except TypeError as e: print(e)
try: import nonexistent_mod_xyz
except ImportError as e: print(type(e).__name__, e)
try: from sys import nonexistent_name
except ImportError as e: print(e)
from sys import getrefcount as gr
print(callable(gr))
import sys as system, gc
print(system.getrecursionlimit(), gc.isenabled())
