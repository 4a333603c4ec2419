# Checks the iteration order of set displays of constants: CPython compiles them as
# BUILD_SET 0 + a frozenset constant + SET_UPDATE, where the frozenset is built from the
# tuple of constants and then rebuilt from its own iteration order (merge_consts_recursive).
print({1 << 40, 5, 77, -3})
print({-3, 77, 5, 1 << 40}, {2 ** 61, -1, 9, 17, 25})
x = 1 << 40
print({x, 5, 77, -3})
