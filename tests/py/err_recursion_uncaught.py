# Checks an uncaught RecursionError: CPython collapses the repeated frames ("[Previous line repeated N more times]").
def forever(n):
    return forever(n + 1)

print('recursing')
forever(0)
