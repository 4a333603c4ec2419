a = [1000, 2000]
b = a
def f(x):
    y = [x, 3000]
    return len(y)
n = f(a)
del b
a = None
