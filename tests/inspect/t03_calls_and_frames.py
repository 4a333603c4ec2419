# Each call pushes a frame holding its arguments and locals; returning pops it.
def area(w, h):
    result = w * h
    return result

def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

width = 300
a = area(width, 400)
f = fact(3)
