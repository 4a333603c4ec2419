# Checks sys.getsizeof of ints: 24 bytes + 4 per 30-bit digit (at least one digit, even for 0).
import sys

for e in [0, 1, 29, 30, 59, 60, 89, 90, 100, 200, 1000]:
    n = 2 ** e
    print(f"2**{e:<5} {sys.getsizeof(n):4} {sys.getsizeof(-n):4} {sys.getsizeof(n - 1):4}")
print(sys.getsizeof(0), sys.getsizeof(255), sys.getsizeof(-5), sys.getsizeof(10**100))
print(sys.int_info.bits_per_digit, sys.int_info.sizeof_digit)
