# Checks PEP 585/604 annotations objects: list[int] (types.GenericAlias) and int | None (types.UnionType):
# reprs, attributes, calling, equality, isinstance with unions, evaluated function annotations.
print(list[int], dict[str, list[int]], tuple[int, ...], tuple[()], type[int], list['X'], list[None])
a = list[int]; print(a.__origin__, a.__args__, a.__parameters__, a == list[int], type(a), a(), a([1]))
u = int | None; print(u, type(u), u.__args__, int | str | int, isinstance(1, int | str), isinstance(None, int | None))
print(list[int] | None, int | list[int])
try: isinstance([], list[int])
except TypeError as e: print(e)
try: int | 3
except TypeError as e: print(e)
class C: pass
print(list[C], C | None, (int | str) == (str | int), hash(int|str) == hash(str|int))
def f(x: list[int], y: int | None = None) -> dict[str, int]: pass
print(f.__annotations__)
print(list[int].append, issubclass(bool, int | str), None | int, set[int], frozenset[str], enumerate[int])
