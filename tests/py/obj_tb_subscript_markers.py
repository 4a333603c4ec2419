# Checks the traceback of an uncaught KeyError raised by a nested subscript: 3.11's ~~~~~~^^^^^ markers.
def f(d):
    return d['x']['y']
f({'x': {}})
