# Checks collect() counts for several cycles created together (list, dict, instances, nested).
import gc
gc.disable()
gc.collect()

class C:
    pass

l = []; l.append(l)
d = {}; d[1] = d
c = C(); c.me = c
x = [[]]; x[0].append(x)
del l, d, c, x
print("collected:", gc.collect())
print("again:", gc.collect())
