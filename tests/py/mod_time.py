# Checks the time module only in deterministic ways: time() is a float, perf_counter() increases.
import time
t = time.time()
print("time() is float:", isinstance(t, float))
print("after 2020:", t > 1577836800)
a = time.perf_counter()
total = 0
for i in range(10000):
    total += i
b = time.perf_counter()
print("perf_counter increases:", b >= a)
print("monotonic is float:", isinstance(time.monotonic(), float))
time.sleep(0)
print("sleep(0) returned")
