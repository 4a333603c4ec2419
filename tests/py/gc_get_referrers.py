# Checks gc.get_referrers: the containers holding an object are among its referrers.
import gc

x = ['target']
holder = [x]
other = {'key': x}
pair = (x, 1)
refs = gc.get_referrers(x)
print("list holder found:", any(r is holder for r in refs))
print("dict holder found:", any(r is other for r in refs))
print("tuple holder found:", any(r is pair for r in refs))
unrelated = [1, 2, 3]
print("unrelated list not found:", not any(r is unrelated for r in refs))
holder.remove(x)
refs = gc.get_referrers(x)
print("after remove, list holder found:", any(r is holder for r in refs))
