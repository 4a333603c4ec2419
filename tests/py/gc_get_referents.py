# Checks gc.get_referents for a list, tuple, dict, instance and several arguments at once.
import gc

a = [1]
b = 'two'
c3 = 3.5
lst = [a, b, c3]
r = gc.get_referents(lst)
print("list:", len(r), "order (a, b, c3) =", [x is y for x, y in zip(r, [a, b, c3])], "reversed =", [x is y for x, y in zip(r, [c3, b, a])])
t = (a, b, c3)
r = gc.get_referents(t)
print("tuple:", len(r), "order (a, b, c3) =", [x is y for x, y in zip(r, [a, b, c3])], "reversed =", [x is y for x, y in zip(r, [c3, b, a])])
d = {'k1': a, 'k2': b}
r = gc.get_referents(d)
print("dict:", len(r), sorted(x if isinstance(x, str) else 'LIST' for x in r))
print("atomic:", gc.get_referents(1, 'x', 2.0, None))
r = gc.get_referents([a], (b,))
print("two args:", len(r), r[0] is a, r[1] is b)

class C:
    pass
inst = C()
inst.attr = a
r = gc.get_referents(inst)
print("instance refers to its class:", any(x is C for x in r))
s = {1, 2, 3}
print("set:", sorted(gc.get_referents(s)))
