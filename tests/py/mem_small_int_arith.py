# Checks that arithmetic results in [-5, 256] are the cached objects, and larger ones are new objects.
a = 200
b = 56
c = a + b            # 256, from the cache
d = 128 * 2
print("200+56 is 128*2:", c is d)
e = c + 1            # 257, a new object each time
f = d + 1
print("257 computed twice, same object:", e is f, " equal:", e == f)
n = -3
print("-3 - 2 is -5:", (n - 2) is (n - 2))
print("-3 - 3 is -6:", (n - 3) is (n - 3))
x = 10 ** 3
y = 10 ** 3
print("10**3 twice (constant-folded and merged):", x is y)
lst = list(range(250, 260))
lst2 = list(range(250, 260))
print([p is q for p, q in zip(lst, lst2)])
three = int('3')
print("len('abc') is int('3'):", len('abc') is three)
