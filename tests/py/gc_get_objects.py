# Checks gc.get_objects(generation): a new container is in gen0, moves to gen1 after collect(0),
# to gen2 after collect(1), and stays in gen2.
import gc
gc.disable()
gc.collect()

def where(o):
    return [any(x is o for x in gc.get_objects(g)) for g in range(3)]

obj = [1, 2, 3]
print("new:", where(obj))
gc.collect(0)
print("after collect(0):", where(obj))
gc.collect(1)
print("after collect(1):", where(obj))
gc.collect(2)
print("after collect(2):", where(obj))
big = 12345678901
print("atomic int not listed:", not any(x is big for x in gc.get_objects()))
