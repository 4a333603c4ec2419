# Checks list sizes for literals, repetition, list(), slicing, extend, pop and clear.
import sys

print("[1,2,3]        ", sys.getsizeof([1, 2, 3]))
print("[0]*10         ", sys.getsizeof([0] * 10))
print("list(range(10))", sys.getsizeof(list(range(10))))
print("[i for i in range(10)]", sys.getsizeof([i for i in range(10)]))
a = list(range(100))
print("list(range(100))", sys.getsizeof(a))
print("a[:50]         ", sys.getsizeof(a[:50]))
b = []
b.extend(range(10))
print("extend 10      ", sys.getsizeof(b))
b.extend(range(10))
print("extend 10 more ", sys.getsizeof(b))
for _ in range(15):
    b.pop()
print("after 15 pops  ", sys.getsizeof(b), len(b))
b.clear()
print("after clear    ", sys.getsizeof(b))
c = [1, 2, 3]
c.insert(0, 0)
print("insert into 3  ", sys.getsizeof(c))
print("[None]*1000    ", sys.getsizeof([None] * 1000))
