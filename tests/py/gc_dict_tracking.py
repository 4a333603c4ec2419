# Checks dict tracking: untracked while holding atomic values, tracked once a container is inserted,
# untracked again only by a full collection after the container is removed.
import gc
gc.disable()
d = {}
print("empty:", gc.is_tracked(d))
d['a'] = 1
d['b'] = 'text'
print("atomic values:", gc.is_tracked(d))
d['c'] = []
print("list value:", gc.is_tracked(d))
del d['c']
print("list removed:", gc.is_tracked(d))
gc.collect(0)
print("after collect(0):", gc.is_tracked(d))
gc.collect()
print("after full collect:", gc.is_tracked(d))
k = {(1, 2): 'tuple key'}
print("constant tuple key:", gc.is_tracked(k))
