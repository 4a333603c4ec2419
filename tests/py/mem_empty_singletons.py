# Checks the empty-object singletons (), '' and b'' and that empty lists/dicts are always new.
empty_t = ()
empty_s = ''
empty_b = b''
print("tuple() is ():", tuple() is empty_t)
print("tuple([]) is ():", tuple([]) is empty_t)
print("(1,2)[2:] is ():", (1, 2)[2:] is empty_t)
print("str() is '':", str() is empty_s)
print("bytes() is b'':", bytes() is empty_b)
print("[] is []:", [] is [])
print("{} is {}:", {} is {})
print("set() is set():", set() is set())
print("list() is list():", list() is list())
print("frozenset() is frozenset():", frozenset() is frozenset())
print("None is None:", None is None)
print("bool(1) is True:", bool(1) is True, " bool(0) is False:", bool(0) is False)
print("(3 > 2) is True:", (3 > 2) is True)
print("type(None)() is None:", type(None)() is None)
t = (1, 2, 3)
print("tuple(t) is t:", tuple(t) is t)
print("t[:] is t:", t[:] is t)
l = [1, 2]
print("list(l) is l:", list(l) is l)
