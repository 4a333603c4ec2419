# Checks gc.is_tracked for atomic and container objects (reference §5.4).
import gc
gc.disable()
gc.collect()      # untracks constant tuples of atomics, so the result does not depend on timing

class C:
    pass

class S:
    __slots__ = ('a',)

def f():
    pass

cases = [
    ("0", 0), ("'a'", 'a'), ("1.0", 1.0), ("b''", b''), ("bytearray()", bytearray()),
    ("None", None), ("object()", object()), ("{}", {}), ("{'a': 1}", {'a': 1}),
    ("()", ()), ("(1, 2)", (1, 2)), ("[]", []), ("{'a': []}", {'a': []}),
    ("(1, [])", (1, [])), ("set()", set()), ("frozenset()", frozenset()),
    ("tuple([1, 2])", tuple([1, 2])), ("function", f), ("C()", C()), ("S()", S()), ("class C", C), ("int", int),
    ("range(3)", range(3)), ("'x' * 100", 'x' * 100), ("2**100", 2**100),
]
for label, obj in cases:
    print(f"{label:12} {gc.is_tracked(obj)}")
