# Checks float literal forms and repr: exponents, leading/trailing dots, underscores, shortest repr.
print(1.0, 1., .5, 0.25, 1e3, 1E-3, 2.5e+2, 1_000.000_1)
print(0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e15, 1e-5, 1e-4, 123456789.0, 1.5e300 * 1.5e300)
print(3.0 * 1e22, 1e22, 1e21, 0.1, 100.0, -0.0, 2.0 ** 0.5)
print(repr(1.1), str(1.1), float('1e400'), float('-inf'), float('nan'))
print(1e-7, 12345678901234567890.0, 0.000123)
print(float('  3.25 '), float('-1E2'), float('inf') == float('infinity'))
print(10.0 ** 20, 10.0 ** 15, 10.0 ** 16)
