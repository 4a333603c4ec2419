# Checks the global and nonlocal statements and name resolution (LEGB).
g = 'global g'
counter = 0

def bump():
    global counter
    counter += 1

bump(); bump()
print(counter)

def read_global():
    return g

def shadow():
    g = 'local g'
    return g

print(read_global(), shadow(), g)

def make_global():
    global created
    created = 'made inside a function'
make_global()
print(created)

def outer():
    v = 1
    def inner():
        nonlocal v
        v = v * 10
    inner(); inner()
    return v
print(outer())

len = lambda x: 'shadowed builtin'
print(len([1, 2]))
del len
print(len([1, 2]))

def uses_before_assign():
    try:
        print(counter)
        counter = 5
    except UnboundLocalError as e:
        print(type(e).__name__ + ':', e)
uses_before_assign()
