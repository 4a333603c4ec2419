# Checks __sizeof__ versus sys.getsizeof: the difference is the GC header (16) and pre-header.
import sys

class C:
    pass

class S:
    __slots__ = ('a',)

for label, v in [("[]", []), ("()", ()), ("(1,2)", (1, 2)), ("{}", {}), ("set()", set()),
                 ("0", 0), ("'abc'", 'abc'), ("1.5", 1.5), ("C()", C()), ("S()", S()),
                 ("b'xy'", b'xy'), ("object()", object())]:
    print(f"{label:9} getsizeof={sys.getsizeof(v):4} __sizeof__={v.__sizeof__():4} diff={sys.getsizeof(v) - v.__sizeof__()}")
