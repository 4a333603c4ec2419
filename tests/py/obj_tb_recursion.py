# Checks infinite recursion: three entries then '[Previous line repeated N more times]' and RecursionError.
def f(n):
    return f(n + 1)
f(0)
