# Checks gc.freeze / get_freeze_count / unfreeze; frozen cycles are not collected until unfrozen.
import gc
gc.disable()
gc.collect()
print("freeze count at start:", gc.get_freeze_count())
l = []; l.append(l); del l
gc.freeze()
print("frozen objects > 0:", gc.get_freeze_count() > 0)
print("count after freeze:", gc.get_count())
print("collect ignores the frozen cycle:", gc.collect())
gc.unfreeze()
print("freeze count after unfreeze:", gc.get_freeze_count())
print("collect after unfreeze:", gc.collect())
