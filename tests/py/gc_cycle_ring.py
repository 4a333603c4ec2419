# Checks a ring of 100 instances: freed only by the collector, which reports 100 objects.
import gc
gc.disable()
gc.collect()

freed = []
class Link:
    def __init__(self, i):
        self.i = i
        self.next = None
    def __del__(self):
        freed.append(self.i)

first = Link(0)
cur = first
for i in range(1, 100):
    cur.next = Link(i)
    cur = cur.next
cur.next = first
del first, cur
print("freed before collect:", len(freed))
print("collect:", gc.collect())
print("freed after collect:", len(freed), sorted(freed) == list(range(100)))
