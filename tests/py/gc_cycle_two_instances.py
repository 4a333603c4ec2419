# Checks a two-instance cycle: it survives del, __del__ of both runs at gc.collect(), which returns 2.
import gc
gc.disable()
gc.collect()

class Node:
    def __init__(self, name):
        self.name = name
        self.other = None
    def __del__(self):
        print("  __del__", self.name)

a = Node('a')
b = Node('b')
a.other = b
b.other = a
print("del a, b")
del a, b
print("nothing freed yet; collecting")
n = gc.collect()
print("gc.collect() returned", n)
print("second collect:", gc.collect())
