# Checks markers for a multi-line expression (to the end of the first line) and for a call spanning the line.
def check(a, b):
    return (a +
            b)
check(1, None)
