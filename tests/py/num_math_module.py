# Checks the math module beyond the basics: integer functions on big ints,
# exact summation, logs of huge ints, special values and error messages.
import math

print(math.pi, math.e, math.tau, math.inf, math.nan)
print(math.factorial(30), len(str(math.factorial(1000))), math.factorial(0))
print(math.gcd(), math.gcd(12), math.gcd(12, 18, 27), math.gcd(2 ** 100, 6 ** 50), math.gcd(-4, 0))
print(math.lcm(), math.lcm(4, 6, 10), math.lcm(2 ** 64, 6), math.lcm(0, 5))
print(math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(10 ** 40), math.isqrt(2 ** 201))
print(math.comb(10, 3), math.comb(100, 50), math.comb(5, 7), math.comb(2 ** 64, 3), math.perm(10, 3), math.perm(6), math.perm(5, 6))
print(math.fsum([0.1] * 10), math.fsum([1e100, 1.0, -1e100]), math.fsum([]), math.fsum([math.inf, 1]), math.fsum(range(10)))
print(math.prod([1, 2, 3, 4]), math.prod([]), math.prod([1.5, 2]), math.prod(range(1, 20), start=2))
print(math.log(10 ** 400), math.log(2 ** 1030, 2), math.log10(10 ** 400), math.log2(2 ** 2000), math.log(8, 2))
print(math.floor(2 ** 100), math.ceil(1e20), math.floor(-0.5), math.ceil(-0.5), math.trunc(-2 ** 80))
print(math.frexp(0.0), math.frexp(8.0), math.frexp(-0.1), math.ldexp(0.5, 4), math.ldexp(1.0, -1080), math.ldexp(-1.0, -10 ** 20))
print(math.modf(2.5), math.modf(-2.5), math.modf(math.inf), math.fmod(7, 3), math.fmod(-7, 3), math.fmod(5, math.inf))
print(math.copysign(3, -0.0), math.fabs(-7), math.hypot(3, 4), math.hypot(3, 4, 12), math.hypot(), math.hypot(1e308, 1e308))
print(math.dist((0, 0), (3, 4)), math.dist([1, 2, 3], [4, 6, 15]), math.degrees(math.pi), math.radians(180))
print(math.isclose(1, 1 + 1e-10), math.isclose(1, 1.1), math.isclose(1, 1.1, rel_tol=0.2), math.isclose(0, 1e-10, abs_tol=1e-9))
print(math.isinf(-math.inf), math.isnan(math.nan), math.isfinite(1e308), math.isfinite(math.inf))
print(math.exp(1), math.expm1(1e-10), math.log1p(1e-10), math.sqrt(2), math.cbrt(8) if hasattr(math, 'cbrt') else 2.0)
print(math.sin(1), math.cos(1), math.tan(1), math.asin(0.5), math.acos(0.5), math.atan(1), math.atan2(-1, -1))
print(math.sinh(1), math.cosh(1), math.tanh(1), math.asinh(1), math.acosh(2), math.atanh(0.5))
print(math.erf(1), math.erfc(1), math.gamma(5), math.gamma(0.5), math.lgamma(10), math.gamma(-1.5))
print(math.remainder(5, 3), math.remainder(7, 2), math.nextafter(1, 2), math.ulp(1.0), math.ulp(0.0), math.pow(2, 0.5), math.pow(-8, 3))
print(math.pow(math.inf, -1), math.pow(0.0, math.inf), math.pow(-1, math.inf), math.pow(math.nan, 0))
errors = [
    lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.log(-10 ** 400), lambda: math.log(1, 1),
    lambda: math.acos(2), lambda: math.exp(1000), lambda: math.factorial(-1), lambda: math.factorial(1.5),
    lambda: math.factorial(10 ** 30), lambda: math.isqrt(-1), lambda: math.comb(-1, 2), lambda: math.comb(5, -1),
    lambda: math.perm(5, -1), lambda: math.pow(0, -1), lambda: math.pow(2, 1024), lambda: math.pow(-8, 1 / 3),
    lambda: math.fmod(1, 0), lambda: math.ldexp(1.0, 10 ** 20), lambda: math.fsum([1e308, 1e308, -1e308]),
    lambda: math.fsum([math.inf, -math.inf]), lambda: math.isclose(1, 2, rel_tol=-1), lambda: math.gamma(0),
    lambda: math.cosh(1000), lambda: math.dist((1, 2), (3,)), lambda: math.trunc('x'), lambda: math.floor('x'),
    lambda: math.sqrt('x'), lambda: math.sqrt(), lambda: math.pow(1), lambda: math.log(), lambda: math.perm(),
    lambda: math.comb(1), lambda: math.isclose(1), lambda: math.ldexp(1.0, 1.5), lambda: math.gcd(1.5),
    lambda: math.sqrt(10 ** 400), lambda: math.floor(math.inf), lambda: math.floor(math.nan),
]
for f in errors:
    try:
        print('no error', f())
    except (ValueError, TypeError, OverflowError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
