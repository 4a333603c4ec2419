"""02 - References and aliasing.

Assignment never copies an object.  `b = a` makes the name b refer to the
*same* object as a.  If that object is mutable (a list, a dict, an instance),
a change made through one name is visible through the other: they are
aliases.  `is` (or comparing id()) tells whether two names share one object;
`==` only compares values.
"""

print("== Assignment binds a second name to the same object")
a = [1, 2, 3]
b = a
print("a =", a, " b =", b)
print("b is a:", b is a, "   id(a) == id(b):", id(a) == id(b))

b.append(4)
print("after b.append(4): a =", a)

print()
print("== A copy is a different object with an equal value")
c = list(a)            # or a[:] or a.copy()
print("c == a:", c == a, "   c is a:", c is a)
c.append(5)
print("after c.append(5): a =", a, " c =", c)

print()
print("== Function parameters are aliases of the arguments")


def add_item(items):
    items.append("added inside the function")   # mutates the caller's object


def replace(items):
    items = ["a brand new list"]                 # rebinds only the local name
    return items


shopping = ["milk"]
add_item(shopping)
print("after add_item:", shopping)
new = replace(shopping)
print("after replace: shopping =", shopping, " returned =", new)

print()
print("== Containers hold references too")
row = [0, 0, 0]
grid = [row, row, row]          # three references to ONE row
grid[0][0] = 9
print("grid built from one row:", grid)
grid = [[0, 0, 0] for _ in range(3)]   # three separate rows
grid[0][0] = 9
print("grid with separate rows:", grid)

print()
print("== A shallow copy shares the inner objects")
config = {"names": ["x"]}
copy = dict(config)
copy["names"].append("y")
print("config:", config, "   inner list shared:", copy["names"] is config["names"])
