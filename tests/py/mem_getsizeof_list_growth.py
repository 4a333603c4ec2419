# Checks CPython's list over-allocation: getsizeof after each append (capacity jumps 0,4,8,16,24,32,40,52,64,76,...).
import sys

lst = []
prev = sys.getsizeof(lst)
print(0, prev)
for i in range(1, 81):
    lst.append(i)
    size = sys.getsizeof(lst)
    mark = " <- grew" if size != prev else ""
    print(f"{i} {size}{mark}")
    prev = size
print("capacity at 80 elements:", (sys.getsizeof(lst) - 56) // 8)
