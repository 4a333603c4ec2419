# Checks the math module functions and constants used by ordinary programs.
import math
print(math.sqrt(16), math.sqrt(2))
print(math.floor(3.7), math.floor(-3.2), math.ceil(3.2), math.ceil(-3.7))
print(type(math.floor(2.5)).__name__)
print(math.pi, math.e)
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-4, 6))
print(math.factorial(10), math.factorial(20))
print(math.isclose(0.1 + 0.2, 0.3), 0.1 + 0.2 == 0.3)
print(math.inf, -math.inf, math.inf > 10**300)
print(math.isnan(float('nan')), math.isnan(1.0), math.isinf(math.inf))
print(math.log(math.e), math.log(100, 10), math.log2(8), math.log10(1000))
print(math.exp(0), math.exp(1))
print(math.sin(0), math.cos(0), round(math.sin(math.pi / 2), 10))
print(math.fabs(-2), math.pow(2, 10), math.trunc(-2.7))
print(math.hypot(3, 4))
try:
    math.sqrt(-1)
except ValueError as e:
    print(type(e).__name__, e)
try:
    math.factorial(-1)
except ValueError as e:
    print(type(e).__name__, e)
try:
    math.log(0)
except ValueError as e:
    print(type(e).__name__, e)
