# Checks that a cycle still referenced from outside is not collected, and is once the outside reference goes.
import gc
gc.disable()
gc.collect()
a = []
b = [a]
a.append(b)
holder = [a]
del a, b
print("cycle held from outside:", gc.collect())
print("still there:", len(holder[0]), holder[0][0][0] is holder[0])
holder.clear()
print("after releasing it:", gc.collect())
