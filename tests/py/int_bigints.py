# Checks arbitrary-precision ints: factorial(100), 2**200, big negatives, floor div/mod, comparisons, conversions.
import math
print(math.factorial(100))
print(2 ** 200)
print(-2 ** 200, (-2) ** 201)
a = 3 ** 150
b = 7 ** 40
print(a)
print(a // b, a % b)
print(-a // b, -a % b)
print(a // -b, a % -b)
print(divmod(-a, b) == (-a // b, -a % b))
print(a * b - a * (b - 1) == a)
print(10 ** 50 + 1 - 10 ** 50)
print((2 ** 100) // (2 ** 99), (2 ** 100) >> 98, 1 << 100)
print(2 ** 64 - 1, hex(2 ** 64 - 1), -(2 ** 63))
print(int('9' * 40) + 1)
print(str(2 ** 100)[::-1])
print(2 ** 100 == 2.0 ** 100, 2 ** 100 < 2 ** 100 + 1, float(2 ** 100))
print(abs(-10 ** 30), pow(3, 100, 10 ** 9 + 7), pow(2, 200, 97))
print(len(str(math.factorial(500))), sum(int(d) for d in str(2 ** 1000)))
print(12345678901234567890 * 98765432109876543210)
print(-12345678901234567890 // 7, -12345678901234567890 % 7)
