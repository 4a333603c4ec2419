# Checks gc.get_stats(): three dicts with fixed keys; counters rise after collections.
import gc
gc.disable()
stats = gc.get_stats()
print(len(stats), [sorted(s) for s in stats])
before = gc.get_stats()
gc.collect(0)
after = gc.get_stats()
print("collect(0) bumps gen0 only:", [a['collections'] - b['collections'] for a, b in zip(after, before)])
before = after
gc.collect(2)
after = gc.get_stats()
print("collect(2) bumps gen2 only:", [a['collections'] - b['collections'] for a, b in zip(after, before)])
l = []; l.append(l); del l
before = gc.get_stats()
gc.collect()
after = gc.get_stats()
print("collected counter +", after[2]['collected'] - before[2]['collected'])
print("uncollectable counter +", after[2]['uncollectable'] - before[2]['uncollectable'])
