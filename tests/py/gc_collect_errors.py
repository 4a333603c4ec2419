# Checks gc.collect argument validation and messages.
import gc
gc.disable()
for arg in [3, -1, 100]:
    try:
        gc.collect(arg)
    except ValueError as e:
        print(type(e).__name__, e)
try:
    gc.collect('2')
except TypeError as e:
    print(type(e).__name__, e)
print("generation keyword:", gc.collect(generation=2))
try:
    gc.get_objects(generation=5)
except ValueError as e:
    print(type(e).__name__, e)
