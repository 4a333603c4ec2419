"""06 - Cycles and the generational garbage collector.

Reference counting cannot free a *cycle*: objects that refer to each other
keep each other's counts above zero even when nothing else can reach them.
For those, CPython (and pyheap) run a cyclic garbage collector.

The collector tracks container objects in three generations.  New objects
start in generation 0.  gc.get_count() shows (net container allocations since
the last gen-0 collection, gen-0 collections since the last gen-1 collection,
gen-1 collections since the last gen-2 collection); a collection of a
generation runs when its count exceeds its threshold (700, 10, 10).
Survivors move to the next older generation.

We switch automatic collection off so that collections happen only where we
call gc.collect(), which returns the number of unreachable objects found.
"""
import gc

gc.disable()
gc.collect()          # start from a clean state


class Node:
    def __init__(self, name):
        self.name = name
        self.partner = None

    def __del__(self):
        print(f"    __del__ {self.name}")


print("== A two-object cycle survives 'del'")
a = Node("a")
b = Node("b")
a.partner = b
b.partner = a          # a -> b -> a
del a, b
print("  after del a, b: nothing was freed (each still refers to the other)")
print("  gc.collect() ...")
found = gc.collect()
print("  gc.collect() found", found, "unreachable objects")

print()
print("== A list that contains itself")
lst = []
lst.append(lst)
print("  lst[0] is lst:", lst[0] is lst)
del lst
print("  gc.collect() found", gc.collect())

print()
print("== Reachable cycles are left alone")
ring = [[], []]
ring[0].append(ring[1])
ring[1].append(ring[0])
holder = [ring]
del ring
print("  while a holder refers to it: gc.collect() found", gc.collect())
holder.clear()
print("  after holder.clear():        gc.collect() found", gc.collect())

print()
print("== Generations")
print("  thresholds:", gc.get_threshold())
gc.collect()
counts = gc.get_count()    # read it before anything else allocates a container
print("  right after a full collection get_count() =", counts)
gc.collect(0)
print("  after gc.collect(0)          get_count() =", gc.get_count(), " (one gen-0 collection)")
gc.collect(1)
print("  after gc.collect(1)          get_count() =", gc.get_count(), " (one gen-1 collection)")
survivor = [1, 2, 3]
print("  a new list is in generation 0:", any(o is survivor for o in gc.get_objects(0)))
gc.collect(0)
print("  after collect(0) it moved to generation 1:", any(o is survivor for o in gc.get_objects(1)))

print()
print("== Only containers are tracked")
class Point:
    pass


for label, obj in [("an int", 12345), ("a str", "text"), ("a list", []), ("an instance", Point())]:
    print(f"  gc.is_tracked({label}):", gc.is_tracked(obj))

gc.enable()
print()
print("done")
