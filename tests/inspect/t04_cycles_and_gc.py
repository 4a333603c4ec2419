# pyheap-args: --trace-lines 3-
import gc
gc.disable()

class Node:
    def __init__(self):
        self.peer = None

a = Node()
b = Node()
a.peer = b
b.peer = a
del a, b
freed = gc.collect()
