# Floats, tuples, lists and dicts keep freelists: a dead one is reused without a heap allocation.
a = [1.5, 2.5]
a = None
b = [3.5]
t = (a, b)
t = None
u = (b, 1)
