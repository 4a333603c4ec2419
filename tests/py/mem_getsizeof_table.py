# Checks sys.getsizeof for every value of the reference's §2.2 table (64-bit CPython 3.11).
import sys

class C:
    pass

class S:
    __slots__ = ('a',)

values = [
    ("()", ()),
    ("(1,)", (1,)),
    ("(1, 2)", (1, 2)),
    ("[]", []),
    ("[1]", [1]),
    ("list(range(4))", list(range(4))),
    ("{}", {}),
    ("{1: 2}", {1: 2}),
    ("set()", set()),
    ("0", 0),
    ("1", 1),
    ("-1", -1),
    ("True", True),
    ("2**30-1", 2**30 - 1),
    ("2**30", 2**30),
    ("2**60", 2**60),
    ("2**64", 2**64),
    ("''", ''),
    ("'a'", 'a'),
    ("'ab'", 'ab'),
    ("'\\xe9'", '\xe9'),
    ("'\\u20ac'", '\u20ac'),
    ("'\\U0001F600'", '\U0001F600'),
    ("b''", b''),
    ("1.0", 1.0),
    ("1j", 1j),
    ("object()", object()),
    ("None", None),
    ("C()", C()),
    ("S()", S()),
]
for label, v in values:
    print(f"{label:16} {sys.getsizeof(v)}")
