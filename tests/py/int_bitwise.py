# Checks bitwise operators on positive and negative ints (two's-complement semantics) and shifts.
for a, b in [(12, 10), (-12, 10), (12, -10), (-12, -10)]:
    print(a, b, a & b, a | b, a ^ b, ~a)
print(1 << 10, 1024 >> 3, -1 >> 5, -16 >> 2, -17 >> 2, 5 << 0, -5 << 3)
print((2 ** 100) & (2 ** 100 - 1), (2 ** 100) | 1, -(2 ** 100) & 0xFF, -(2 ** 70) >> 60)
print(bin(0b1010 ^ 0b0110), (255).bit_length(), (-255).bit_length(), (0).bit_length())
print((37).bit_count() if hasattr(int, 'bit_count') else 'n/a')
try:
    1 << -1
except ValueError as e:
    print(type(e).__name__, e)
try:
    1.0 & 1
except TypeError as e:
    print(type(e).__name__, e)
