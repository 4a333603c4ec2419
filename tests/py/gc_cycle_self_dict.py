# Checks that a dict containing itself is collected (gc.collect() returns 1).
import gc
gc.disable()
gc.collect()
d = {}
d['me'] = d
print(d)
del d
print("collected:", gc.collect())
