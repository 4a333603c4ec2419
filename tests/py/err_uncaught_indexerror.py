# Checks an uncaught IndexError raised two calls deep, with subscript markers.
def last_but(items, n):
    return items[len(items) - n]

def pick(items):
    return last_but(items, 5)

print(pick([1, 2, 3, 4, 5, 6]))
print(pick([1, 2]))
