# Checks gc.is_finalized and resurrection: a __del__ that stores self in a global runs once;
# the first collect returns 0 (the object came back), and after releasing it the finalizer
# does not run again while the object is collected.
import gc
gc.disable()
gc.collect()

saved = []
class Lazarus:
    def __del__(self):
        print("  __del__ running")
        saved.append(self)

x = Lazarus()
x.me = x
print("is_finalized before:", gc.is_finalized(x))
del x
print("first collect:", gc.collect())
print("resurrected:", len(saved), "is_finalized now:", gc.is_finalized(saved[0]))
saved.clear()
print("second collect:", gc.collect())
print("third collect:", gc.collect())

y = Lazarus()
print("plain object, not in a cycle:")
del y
print("resurrected by refcount path:", len(saved), gc.is_finalized(saved[0]))
saved.clear()
print("released again (no second __del__)")
