#!/usr/bin/env python3.11
"""Writes tests/unit/numbers_expected.txt: cases for tests/unit/test_numbers.c,
with the results computed by CPython 3.11 itself.

One case per line, fields separated by single spaces, the result last:
    i OP A B RESULT...        binary int operation (A, B decimal); *k gives the
                              last 40 hex digits of A*B and A*B % (10**9+7)
    u OP A RESULT...          unary int operation
    p A B M RESULT...         pow(A, B, M)
    s BASE HEXTEXT RESULT...  int(text, BASE) (text as hex bytes)
    f OP X Y RESULT...        binary float operation (X, Y: IEEE bits, hex)
    g OP X RESULT...          unary float operation / repr / hash
    r X N RESULT...           round(x, N)
    t HEXTEXT RESULT...       float(text)
    c X A RESULT              float X compared with int A: -1, 0, 1 or nan
A RESULT is a decimal int, a float repr, several of those separated by
spaces (divmod), or "!ExcName: message" for an exception.

Run: python3.11 tools/gen_numbers_expected.py > tests/unit/numbers_expected.txt
"""
import math
import random
import struct
import sys

rng = random.Random(20240611)
out = []


def bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


# Inputs are printed without the int/str digit limit (the C test reads them
# with int_from_string, which has none); results are computed under the
# default limit of 4300 digits, as the interpreter runs.
sys.set_int_max_str_digits(0)


def res(fn):
    sys.set_int_max_str_digits(4300)
    try:
        r = fn()
        if isinstance(r, tuple):
            return " ".join(repr(x) for x in r)
        if isinstance(r, bool):
            return str(int(r))
        return repr(r)
    except Exception as e:  # noqa: BLE001 - every error is a test result
        return "!%s: %s" % (type(e).__name__, e)
    finally:
        sys.set_int_max_str_digits(0)


def rand_int():
    kind = rng.random()
    if kind < 0.25:
        v = rng.randint(-300, 300)
    elif kind < 0.5:
        v = rng.randint(-2**62, 2**62)
    elif kind < 0.85:
        v = rng.getrandbits(rng.randint(1, 400))
    elif kind < 0.97:
        v = rng.getrandbits(rng.randint(400, 1500))
    else:
        v = rng.getrandbits(rng.randint(1500, 3000))
    if rng.random() < 0.5:
        v = -v
    if rng.random() < 0.1:  # near powers of two and digit boundaries
        v = (1 << rng.choice([29, 30, 31, 59, 60, 61, 62, 63, 64, 90, 120])) + rng.randint(-2, 2)
    return v


def rand_float():
    kind = rng.random()
    if kind < 0.3:
        return struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    if kind < 0.5:
        return round(rng.uniform(-1000, 1000), rng.randint(0, 6))
    if kind < 0.6:
        return float(rng.randint(-10**6, 10**6))
    if kind < 0.7:
        return rng.choice([0.0, -0.0, math.inf, -math.inf, 1.0, -1.0, 0.5, 2.0, 1e16,
                           1e-5, 1e22, 5e-324, 1.7976931348623157e308, 0.1, 0.2, 0.3])
    if kind < 0.8:
        return math.ldexp(1.0, rng.randint(-1074, 1023))
    return rng.uniform(-1, 1) * 10.0 ** rng.randint(-30, 30)


INT_BIN = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "//": lambda a, b: a // b, "%": lambda a, b: a % b, "divmod": divmod,
    "&": lambda a, b: a & b, "|": lambda a, b: a | b, "^": lambda a, b: a ^ b,
    "/": lambda a, b: a / b, "cmp": lambda a, b: (a > b) - (a < b),
}

for _ in range(1500):
    op = rng.choice(list(INT_BIN))
    a, b = rand_int(), rand_int()
    if rng.random() < 0.05:
        b = 0
    if op in ("//", "%", "divmod", "/") and rng.random() < 0.5:
        b = rng.randint(-2**31, 2**31) or 7  # single- and double-digit divisors
    out.append("i %s %d %d %s" % (op, a, b, res(lambda: INT_BIN[op](a, b))))

# products and quotients of numbers long enough for Karatsuba (> 70 digits)
for _ in range(12):
    a = rng.getrandbits(rng.randint(2100, 6000)) * rng.choice([1, -1])
    b = rng.getrandbits(rng.randint(2100, 6000)) * rng.choice([1, -1])
    out.append("i *k %d %d %s %d" % (a, b, hex(a * b)[-40:], a * b % 1000000007))
for _ in range(6):
    a = rng.getrandbits(rng.randint(2100, 3000))
    b = rng.getrandbits(rng.randint(6000, 9000))
    out.append("i *k %d %d %s %d" % (a, b, hex(a * b)[-40:], a * b % 1000000007))

# true division near the limits of float range and precision
for _ in range(150):
    a = rng.getrandbits(rng.randint(50, 1100)) * rng.choice([1, -1])
    b = rng.getrandbits(rng.randint(1, 1100)) or 3
    out.append("i / %d %d %s" % (a, b, res(lambda: a / b)))
for a, b in [(1, 3), (10**400, 10**399), (2**1024, 1), (2**1024 - 1, 1), (1, 2**1075),
             (1, 2**1074), (3, 2**1075), (2**53 + 1, 1), (2**54 + 3, 2), (0, -5)]:
    out.append("i / %d %d %s" % (a, b, res(lambda: a / b)))

for _ in range(400):
    a = rand_int() if rng.random() < 0.5 else rng.randint(-20, 20)
    b = rng.randint(-3, 70)
    if abs(a) > 2**64:
        b = rng.randint(0, 5)
    out.append("i ** %d %d %s" % (a, b, res(lambda: a ** b)))
for _ in range(300):
    a = rand_int()
    b = rng.randint(-10, 300) if rng.random() < 0.9 else -rng.randint(0, 10**6)
    out.append("i << %d %d %s" % (a, b, res(lambda: a << b)))
    out.append("i >> %d %d %s" % (a, b, res(lambda: a >> b)))
for _ in range(200):
    a = rand_int()
    n = rng.randint(-40, 5)
    out.append("i round %d %d %s" % (a, n, res(lambda: round(a, n))))

for _ in range(300):
    a, b, m = rand_int() % 10**50, rng.randint(-5, 500), rand_int() % 10**40 + rng.randint(-3, 3)
    if rng.random() < 0.3:
        a, b, m = rng.randint(-50, 50), rng.randint(-5, 5), rng.randint(-30, 30)
    out.append("p %d %d %d %s" % (a, b, m, res(lambda: pow(a, b, m))))

UN = {
    "neg": lambda a: -a, "invert": lambda a: ~a, "abs": abs, "hash": hash,
    "bitlen": lambda a: a.bit_length(), "bitcount": lambda a: a.bit_count(),
    "str": str, "hex": hex, "oct": oct, "bin": bin, "float": float,
}
for _ in range(1000):
    op = rng.choice(list(UN))
    a = rand_int()
    out.append("u %s %d %s" % (op, a, res(lambda: UN[op](a))))
for a in [0, 1, -1, 2**61 - 1, 2**61, -(2**61), 2**61 - 2, -2, 10**4299, 10**4300, -10**4300,
          2**1024 - 2**970, 2**1024 - 2**971, 2**1024 - 2**970 - 1, 2**53 + 1, 2**63]:
    for op in ("hash", "str", "float"):
        out.append("u %s %d %s" % (op, a, res(lambda: UN[op](a))))

TEXTS = ["0", "-0", "  42  ", "+17", "1_000", "1__0", "_1", "1_", "0x1f", "0X1F", "0o17", "0b101",
         "0b", "0x", "010", "00", "0_0", "z", "Z", "12a", "", " ", "-", "0x_1f", "1 2",
         "9" * 30, "-" + "9" * 40, "1" * 4300, "1" * 4301, "٣٤", "\u3000 7\u2003", "1\x1c", "1\x85", "1\x00"]
for t in TEXTS:
    for base in ((0, 10) if len(t) > 100 else (0, 10, 16, 2, 8, 36, 7)):
        out.append("s %d %s %s" % (base, t.encode().hex() or "-", res(lambda: int(t, base))))
for _ in range(300):
    base = rng.choice([2, 3, 7, 8, 10, 16, 36])
    v = rand_int()
    digs = "0123456789abcdefghijklmnopqrstuvwxyz"
    s, n = "", abs(v)
    while n:
        s = digs[n % base] + s
        n //= base
    s = ("-" if v < 0 else "") + (s or "0")
    out.append("s %d %s %s" % (base, s.encode().hex(), res(lambda: int(s, base))))

FBIN = {
    "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
    "/": lambda x, y: x / y, "//": lambda x, y: x // y, "%": lambda x, y: x % y,
    "divmod": divmod, "**": lambda x, y: x ** y,
}
for _ in range(3000):
    op = rng.choice(list(FBIN))
    x, y = rand_float(), rand_float()
    if op == "**":
        if rng.random() < 0.7:
            x, y = rng.uniform(-10, 10), rng.choice([rng.uniform(-5, 5), float(rng.randint(-5, 5))])
    if op == "**" and x < 0 and math.isfinite(y) and y != math.floor(y):
        continue  # a complex result in CPython: unsupported
    if rng.random() < 0.05:
        y = rng.choice([0.0, -0.0])
    out.append("f %s %s %s %s" % (op, bits(x), bits(y), res(lambda: FBIN[op](x, y))))
for x, y in [(-7.5, 2.0), (7.5, -2.0), (-0.0, 5.0), (5.0, math.inf), (-5.0, math.inf),
             (0.0, -1.0), (-2.0, 0.5), (10.0, 400.0), (-10.0, 401.0), (1.0, math.nan)]:
    for op in FBIN:
        if op == "**" and x < 0 and math.isfinite(y) and y != math.floor(y):
            continue
        out.append("f %s %s %s %s" % (op, bits(x), bits(y), res(lambda: FBIN[op](x, y))))

FUN = {
    "repr": repr, "hash": hash, "int": int, "round": round,
    "ratio": lambda x: x.as_integer_ratio(), "hex": lambda x: x.hex(),
    "isint": lambda x: x.is_integer(), "floor": math.floor, "ceil": math.ceil,
    "fromhex": lambda x: float.fromhex(x.hex()),
}
for _ in range(3000):
    x = rand_float()
    op = "repr" if rng.random() < 0.6 else rng.choice(list(FUN))
    out.append("g %s %s %s" % (op, bits(x), res(lambda: FUN[op](x))))
for e in range(-1074, 1024):  # every power of two: the asymmetric repr case
    x = math.ldexp(1.0, e)
    out.append("g repr %s %s" % (bits(x), res(lambda: repr(x))))
for x in [0.5, 1.5, 2.5, -0.5, -1.5, 3.5, 0.49999999999999994, 4503599627370497.0]:
    out.append("g round %s %s" % (bits(x), res(lambda: round(x))))

for _ in range(1500):
    x = rand_float()
    n = rng.randint(-20, 20) if rng.random() < 0.8 else rng.choice([-400, -309, -308, 323, 324, 400])
    out.append("r %s %d %s" % (bits(x), n, res(lambda: round(x, n))))
for x, n in [(2.675, 2), (0.125, 2), (0.375, 2), (2.5, 0), (1250.0, -2), (1350.0, -2),
             (-1250.0, -2), (1.7e308, -308), (5e-324, 323), (0.5, -1), (5.0, -1), (15.0, -1),
             (25.0, -1), (-0.4, 0), (123456789012345678.0, -5), (1e22, -22), (5e22, -23)]:
    out.append("r %s %d %s" % (bits(x), n, res(lambda: round(x, n))))

FTEXT = ["1.5", " -2.5e3 ", "1_000.5", "1__0", "_1", "1_", "1._5", "1.e5", ".5", "5.", ".",
         "e5", "1e", "1e+", "1e_5", "inf", "-Infinity", "nAn", "+inf", "infinit", "0x10",
         "1e400", "-1e400", "1e-400", "0.1", "   ", "", "1.5j", "١.٥", "nan(1)", "1e1_0",
         "123456789012345678901234567890", "4.9406564584124654e-324", "2.4703282292062327e-324",
         "2.4703282292062328e-324", "1.7976931348623158e308", "1.7976931348623159e308",
         "1\x1c", "\xa01.5\u3000", "1\x00"]
for t in FTEXT:
    out.append("t %s %s" % (t.encode().hex() or "-", res(lambda: float(t))))

for _ in range(1500):
    x = rand_float()
    kind = rng.random()
    if kind < 0.4:
        a = int(x) if math.isfinite(x) else rand_int()
        a += rng.randint(-1, 1)
    elif kind < 0.7:
        a = rand_int()
        if abs(a) < 2**1020 and rng.random() < 0.5:
            x = float(a)
    else:
        a = rand_int()
    c = "nan" if math.isnan(x) else str((x > a) - (x < a))
    out.append("c %s %d %s" % (bits(x), a, c))

print("\n".join(out))
