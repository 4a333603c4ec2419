# Checks that a list containing itself survives del and is found by gc.collect() (returns 1).
import gc
gc.disable()
gc.collect()
l = []
l.append(l)
print("self-referencing list:", len(l), l[0] is l)
print("collect while reachable:", gc.collect())
del l
print("collect after del:", gc.collect())
print("collect again:", gc.collect())
