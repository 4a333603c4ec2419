# Checks gc thresholds: default (700, 10, 10), set_threshold round trip, isenabled/enable/disable.
import gc
print("default threshold:", gc.get_threshold())
print("enabled at start:", gc.isenabled())
gc.disable()
print("after disable:", gc.isenabled())
gc.enable()
print("after enable:", gc.isenabled())
gc.set_threshold(100, 5, 3)
print("after set_threshold(100, 5, 3):", gc.get_threshold())
gc.set_threshold(500)
print("after set_threshold(500):", gc.get_threshold())
gc.set_threshold(700, 10, 10)
print("restored:", gc.get_threshold())
try:
    gc.set_threshold()
except TypeError as e:
    print(type(e).__name__, e)
