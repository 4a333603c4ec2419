# Checks that automatic collection happens when enabled with a low threshold and not when disabled.
import gc
gc.collect()
gc.disable()
freed = []
class Cyc:
    def __init__(self):
        self.me = self
    def __del__(self):
        freed.append(1)

for _ in range(200):
    Cyc()
print("disabled: freed", len(freed))
gc.collect()
print("after collect:", len(freed))
freed.clear()
gc.set_threshold(10)
gc.enable()
for _ in range(200):
    Cyc()
print("enabled with threshold 10: most freed automatically:", len(freed) > 150)
gc.disable()
gc.collect()
print("all freed in the end:", len(freed))
gc.set_threshold(700, 10, 10)
