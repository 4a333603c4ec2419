# Checks that a tuple of atomic values built at run time is tracked until a collection untracks it,
# and that a tuple holding a list stays tracked.
import gc
gc.disable()
t = tuple([1, 2])
u = tuple([1, []])
print("fresh tuple([1, 2]):", gc.is_tracked(t))
print("fresh tuple([1, []]):", gc.is_tracked(u))
gc.collect()
print("after collect, tuple([1, 2]):", gc.is_tracked(t))
print("after collect, tuple([1, []]):", gc.is_tracked(u))
nested = tuple([tuple([1, 2]), 3])
print("nested fresh:", gc.is_tracked(nested), gc.is_tracked(nested[0]))
gc.collect()
print("nested after one collect:", gc.is_tracked(nested), gc.is_tracked(nested[0]))
