# Checks sizes of tuples, bytes, bytearray, floats, complex, bool, range and None.
import sys

for n in range(6):
    print("tuple", n, sys.getsizeof(tuple(range(n))))
for n in [0, 1, 5, 100]:
    print("bytes", n, sys.getsizeof(b'x' * n))
print("bytearray()", sys.getsizeof(bytearray()))
print("float", sys.getsizeof(3.14), sys.getsizeof(float('inf')))
print("complex", sys.getsizeof(1 + 2j))
print("bool", sys.getsizeof(True), sys.getsizeof(False))
print("None", sys.getsizeof(None))
print("range", sys.getsizeof(range(10)))
