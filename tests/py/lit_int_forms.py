# Checks integer literal forms: decimal, hex, octal, binary, underscores, big literals.
print(0, 7, 1234567890)
print(0x1F, 0XfF, 0o17, 0O777, 0b1011, 0B11111111)
print(1_000_000, 0x_ff_ff, 0b_1010_1010, 0o_7_7)
print(123456789012345678901234567890)
print(-0x10, +0b11, -0o10)
print(00, 0_0)
print(type(10).__name__, type(10**30).__name__)
