# Checks gc.callbacks: each callback is called with phase 'start' then 'stop' and an info dict.
import gc
gc.disable()
gc.collect()

events = []
def cb(phase, info):
    events.append((phase, info["generation"], info["collected"], info["uncollectable"]))

print("callbacks initially:", gc.callbacks)
gc.callbacks.append(cb)
l = []
l.append(l)
del l
n = gc.collect()
print("collect returned", n)
for e in events:
    print(e)
print("info keys:", end=' ')
seen = []
def cb2(phase, info):
    seen.append(sorted(info))
gc.callbacks.append(cb2)
events.clear()
gc.collect(1)
print(seen[0])
for e in events:
    print(e)
gc.callbacks.remove(cb)
gc.callbacks.remove(cb2)
print("removed:", gc.callbacks)
