# Checks gc.garbage stays empty for __del__ cycles (PEP 442), the DEBUG_* flag values, get_debug/set_debug,
# and DEBUG_SAVEALL keeping collected objects in gc.garbage.
import gc
gc.disable()
gc.collect()

class D:
    def __del__(self):
        print("  __del__ ran")

a = D(); a.me = a
del a
print("collect:", gc.collect())
print("gc.garbage:", gc.garbage)
print("flags:", gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL, gc.DEBUG_LEAK)
print("get_debug:", gc.get_debug())
gc.set_debug(gc.DEBUG_SAVEALL)
print("get_debug after set:", gc.get_debug())
l = [1, 2]
l.append(l)
del l
print("collect with SAVEALL:", gc.collect())
print("garbage length:", len(gc.garbage), gc.garbage[0][:2])
gc.set_debug(0)
gc.garbage.clear()
print("cleared:", gc.garbage, gc.get_debug())
