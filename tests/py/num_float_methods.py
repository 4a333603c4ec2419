# Checks float methods and the float() constructor, exact int/float comparison,
# the shared numeric hash and the shortest repr.
import math

vals = [0.0, -0.0, 1.0, 0.1, 1 / 3, 1e16, 1e-5, 123456789012345678.0, 0.0001, 5e-324,
        1.7976931348623157e308, 2.5, -2.5, 1e22, 1e23, 9007199254740993.0, 0.3]
for v in vals:
    print(repr(v), str(v), v.hex(), float.fromhex(v.hex()) == v, v.is_integer(), hash(v) == hash(v))
for v in [0.5, 0.1, -2.75, 1e300, 3.0]:
    print(v.as_integer_ratio())
print(float.fromhex('0x1.8p1'), float.fromhex('-1p-2'), float.fromhex(' inf '), float.fromhex('0X.8'))
for bad in ['0x', '1.2.3', 'x1']:
    try:
        float.fromhex(bad)
    except ValueError as e:
        print('ValueError', e)
try:
    float.fromhex('0x1p5000')
except OverflowError as e:
    print('OverflowError', e)
print(float('  1_000.5 '), float('-iNF'), float('nan') != float('nan'), float(b'2.5'), float(7), float(True))
for bad in ['1__0', '_1', '1e', '', 'infinit', '0x10', '1.5j']:
    try:
        float(bad)
    except ValueError as e:
        print('ValueError', e)
for bad in [None, [], '']:
    try:
        float(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)


class F:
    def __float__(self):
        return 2.5


class I:
    def __index__(self):
        return 3


print(float(F()), float(I()), math.sqrt(F()), math.sqrt(I()))
try:
    float(10 ** 400)
except OverflowError as e:
    print('OverflowError', e)
big = 2 ** 100
print(big == float(big), big + 1 == float(big), big + 1 > float(big), float(big) < big + 1)
print(2 ** 53 + 1 == 2.0 ** 53, 2 ** 53 + 1 > 2.0 ** 53, 1e308 < 10 ** 400, -1e308 > -10 ** 400)
print(0.5 == 1 / 2, 1 == 1.0, hash(1) == hash(1.0), hash(2 ** 80) == hash(2.0 ** 80), hash(-0.0), hash(0.5))
print(float('inf') > 10 ** 1000, float('-inf') < -10 ** 1000, float('nan') == 10, float('nan') != 1)
print(round(2.675, 2), round(0.125, 2), round(1.5), round(2.5), round(-0.5), round(1e300, -299))
print(round(1234.5678, -2), round(-0.4), round(5e-324, 323), round(float('inf'), 3), round(0.5, 0))
for v in [float('inf'), float('nan')]:
    try:
        round(v)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
print(math.trunc(-2.5), math.floor(-2.5), math.ceil(-2.5), int(2.9e30), (2.5).__floor__(), (2.5).__ceil__())
print(-7.5 // 2, 7.5 % -2, -0.0 % 5, 5 % float('inf'), -5 % float('inf'), divmod(-7.5, 2), 1e308 * 10)
print(2.0 ** -1, (-2.0) ** 3, 0.0 ** 0, float('nan') ** 0, 1 ** float('nan'), (-1.0) ** float('inf'))
for f in [lambda: 0.0 ** -1, lambda: 1.0 / 0, lambda: 1.0 // 0, lambda: 1.0 % 0, lambda: divmod(1.0, 0), lambda: 10.0 ** 400]:
    try:
        f()
    except (ZeroDivisionError, OverflowError) as e:
        print(type(e).__name__, e)
print((2.5).conjugate(), (2.5).real, (2.5).imag, abs(-0.0), -(0.0), +(-0.0))


class MyFloat(float):
    pass


mf = MyFloat(1.5)
print(mf, type(mf).__name__, mf + 1, type(mf + 1).__name__, MyFloat('2.5') * 2, isinstance(mf, float))
print(sum([0.1] * 10), 0.1 + 0.2, 1e16 + 1, 2 ** 0.5, 10 / 4, 7 / 7, -1 / 3)
