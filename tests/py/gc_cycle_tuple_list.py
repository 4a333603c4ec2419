# Checks a tuple <-> list cycle: gc.collect() returns 2.
import gc
gc.disable()
gc.collect()
l = []
t = (l,)
l.append(t)
print(t[0][0] is t)
del l, t
print("collected:", gc.collect())
