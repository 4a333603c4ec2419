# Checks int methods and the int() constructor: bytes conversion, ratios, rounding,
# conversion protocols (__int__, __index__, __trunc__), subclasses and the str-digit limit.
import sys

print((1024).to_bytes(2, 'big'), (1024).to_bytes(2, 'little'), (0).to_bytes(0, 'big'))
print((-1).to_bytes(2, 'big', signed=True), (-128).to_bytes(1, 'big', signed=True), (255).to_bytes())
print(int.from_bytes(b'\x04\x00', 'big'), int.from_bytes(b'\x00\x04', 'little'), int.from_bytes(b'\xff', 'big', signed=True))
print(int.from_bytes([1, 2, 3], 'big'), int.from_bytes(b'', 'big'), int.from_bytes(b'\x80\x00', signed=True))
for args in [(1, 'big'), (2, 'big')]:
    for v in [255, 256, -129, 32767, -32768, 32768]:
        try:
            print(v, args, v.to_bytes(*args, signed=v < 0))
        except OverflowError as e:
            print(v, args, 'OverflowError', e)
try:
    (1).to_bytes(1, 'middle')
except ValueError as e:
    print('ValueError', e)
try:
    (-1).to_bytes(1, 'big')
except OverflowError as e:
    print('OverflowError', e)
print((37).bit_count(), (-37).bit_count(), (2**100 - 1).bit_count(), (0).bit_length(), (-2**64).bit_length())
print((7).as_integer_ratio(), (-7).as_integer_ratio(), True.as_integer_ratio(), (5).conjugate())
print((5).real, (5).imag, (5).numerator, (5).denominator, True.real, type(True.real).__name__)
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(15, -1), round(25, -1))
print(round(123, 2), round(5, -5), round(50000, -5), round(2**70 + 2**69, -20), type(round(5, 1)).__name__)
print((7).__trunc__(), (7).__floor__(), (7).__ceil__(), (7).__round__(), (-7).__index__())


class WithInt:
    def __int__(self):
        return 42


class WithIndex:
    def __index__(self):
        return 7


class WithTrunc:
    def __trunc__(self):
        return 9


class BadInt:
    def __int__(self):
        return 'x'


import math
print(int(WithInt()), int(WithIndex()), math.trunc(WithTrunc()), hex(WithIndex()), bin(WithIndex()))
try:
    int(BadInt())
except TypeError as e:
    print('TypeError', e)
for bad in [None, [], {}, object()]:
    try:
        int(bad)
    except TypeError as e:
        print('TypeError', e)
print(int('  -0x_1f  ', 16), int('0b_1', 0), int('1_2_3'), int(b' 12 '), int('z', 36), int('٣٤'))
for text, base in [('1__2', 10), ('_1', 10), ('0x', 16), ('010', 0), ('12', 2), ('', 10), ('1 2', 10)]:
    try:
        int(text, base)
    except ValueError as e:
        print('ValueError', e)
for base in [1, 37, -1]:
    try:
        int('1', base)
    except ValueError as e:
        print('ValueError', e)
try:
    int(5, 10)
except TypeError as e:
    print('TypeError', e)
try:
    int(x=5)
except TypeError as e:
    print('TypeError', e)
print(int('10', base=8), int(), int(3.99), int(-3.99), int(1e20), int(True))


class MyInt(int):
    pass


m = MyInt(41)
print(m + 1, type(m + 1).__name__, type(m).__name__, m == 41, hash(m) == hash(41), isinstance(m, int))
print(MyInt('ff', 16), -MyInt(3), abs(MyInt(-3)), type(-MyInt(3)).__name__)
try:
    class B(bool):
        pass
except TypeError as e:
    print('TypeError', e)
print(True + True, True & False, True | False, True ^ True, type(True & True).__name__, type(True & 1).__name__)
print(bool(0), bool(3), bool(), bool([]), repr(True), str(False), int(False), -True, ~True)
try:
    str(10 ** 5000)
except ValueError as e:
    print('ValueError', e)
try:
    int('1' * 5000)
except ValueError as e:
    print('ValueError', e)
print(len(hex(10 ** 5000)), sys.get_int_max_str_digits())
sys.set_int_max_str_digits(0)
print(len(str(10 ** 5000)))
sys.set_int_max_str_digits(4300)
print(hex(-255), oct(-8), bin(-5), hex(2 ** 64), f'{255:#x}', format(255, 'b'))
print(divmod(-7, 2), divmod(7, -2), divmod(-2 ** 70, 3), pow(3, -1, 7), pow(-2, 3, -5), pow(5, 0, 1))
print(2 ** -2, (-2) ** -3, 10 ** 20, (-3) ** 3, 0 ** 0, 7 // -2, -7 % 3)
print(1 / 3, 10 ** 30 / 10 ** 10, 2 ** 1100 // 3 ** 600, (2 ** 1100) / (3 ** 600))
for v in [0, 1, -1, 127, 128, -128, -129, 255, 256, 2**63, -2**63, -2**63-1, 2**64-1]:
    for n in [0, 1, 2, 8, 9]:
        for sg in [False, True]:
            try:
                b = v.to_bytes(n, 'little', signed=sg)
                print(v, n, sg, b, int.from_bytes(b, 'little', signed=sg), int.from_bytes(b[::-1], 'big', signed=sg))
            except OverflowError as e:
                print(v, n, sg, e)
