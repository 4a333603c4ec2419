# Checks that finalizers of cycle members run during gc.collect(), before the collect returns,
# and that objects hanging off the cycle are freed too.
import gc
gc.disable()
gc.collect()

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  __del__", self.name)

a = Noisy('cycle member')
a.self_ref = a
a.payload = Noisy('payload (not in cycle)')
del a
print("collecting")
print("collect returned", gc.collect())
print("end")
