# Checks division-by-zero errors and their messages for /, //, %, divmod, float and pow.
cases = [
    ('1 / 0', lambda: 1 / 0),
    ('1 // 0', lambda: 1 // 0),
    ('1 % 0', lambda: 1 % 0),
    ('divmod(1, 0)', lambda: divmod(1, 0)),
    ('1.0 / 0', lambda: 1.0 / 0),
    ('1.0 // 0.0', lambda: 1.0 // 0.0),
    ('1.0 % 0.0', lambda: 1.0 % 0.0),
    ('0 ** -1', lambda: 0 ** -1),
    ('0.0 ** -1', lambda: 0.0 ** -1),
    ('2**100 // 0', lambda: 2 ** 100 // 0),
]
for label, fn in cases:
    try:
        fn()
    except ZeroDivisionError as e:
        print(f"{label:12} ZeroDivisionError: {e}")
print(issubclass(ZeroDivisionError, ArithmeticError))
