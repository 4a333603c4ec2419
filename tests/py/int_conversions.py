# Checks int() parsing with bases and whitespace, hex/oct/bin of negatives, and conversion errors.
print(int('ff', 16), int('FF', 16), int('0xff', 16), int('0xff', 0), int('0o17', 0), int('0b101', 0), int('z', 36))
print(int(' 42 '), int('-7'), int('+8'), int('1_000'), int('\t12\n'), int('101', 2))
print(hex(255), hex(-255), oct(8), oct(-8), bin(5), bin(-5), hex(0), bin(0))
print(int(2.9), int(-2.9), int(1e20), round(2.5), round(3.5))
for bad in ['x', '', '1.5', '12a', '0x10']:
    try:
        int(bad)
    except ValueError as e:
        print(type(e).__name__, e)
try:
    int('9', 8)
except ValueError as e:
    print(type(e).__name__, e)
try:
    int(None)
except TypeError as e:
    print(type(e).__name__, e)
try:
    int('1', 99)
except ValueError as e:
    print(type(e).__name__, e)
try:
    int(float('inf'))
except OverflowError as e:
    print(type(e).__name__, e)
try:
    int(float('nan'))
except ValueError as e:
    print(type(e).__name__, e)
print(str(123), repr(-5), str(-0), format(255, '08b'))
