# Checks gc.get_count() right after collections: (0,0,0) after collect(), (0,1,0) after collect(0),
# (0,0,1) after collect(1), and that creating containers raises the gen0 count.
import gc
gc.disable()
gc.collect()
print("after collect():  ", gc.get_count())
gc.collect(0)
print("after collect(0): ", gc.get_count())
gc.collect(0)
print("after collect(0)x2:", gc.get_count())
gc.collect(1)
print("after collect(1): ", gc.get_count())
gc.collect(0)
print("then collect(0):  ", gc.get_count())
gc.collect(2)
print("after collect(2): ", gc.get_count())
keep = [[] for _ in range(10)]
c = gc.get_count()
print("10+ new lists raise gen0:", c[0] >= 10, c[1:])
