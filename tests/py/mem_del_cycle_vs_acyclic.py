# Checks the difference between acyclic garbage (freed immediately by refcounting) and cyclic garbage
# (freed only when the collector runs).
import gc
gc.disable()
gc.collect()

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  freed", self.name)

print("acyclic pair:")
p = Noisy('parent')
p.child = Noisy('child')
del p
print("cyclic pair:")
q = Noisy('q-parent')
q.child = Noisy('q-child')
q.child.parent = q
del q
print("nothing freed yet; collecting")
print("collect:", gc.collect())
