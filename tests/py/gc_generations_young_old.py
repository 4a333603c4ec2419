# Checks that a cycle which was promoted to an older generation is not found by younger collections.
import gc
gc.disable()
gc.collect()

cycle = []
cycle.append(cycle)
gc.collect(0)                 # cycle is still reachable: it survives and moves to generation 1
del cycle
print("collect(0) after release:", gc.collect(0))
print("collect(1):", gc.collect(1))

c2 = {}
c2['self'] = c2
gc.collect(1)                 # survives a gen-1 collection: now in generation 2
del c2
print("collect(0):", gc.collect(0), " collect(1):", gc.collect(1), " collect(2):", gc.collect(2))
