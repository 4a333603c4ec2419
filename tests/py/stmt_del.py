# Checks del of names, list items, slices, dict keys and attributes, and the errors afterwards.
a = 1
del a
try:
    print(a)
except NameError as e:
    print(type(e).__name__, e)
lst = list(range(10))
del lst[0]
print(lst)
del lst[-1]
print(lst)
del lst[1:3]
print(lst)
del lst[::2]
print(lst)
d = {'a': 1, 'b': 2}
del d['a']
print(d)
try:
    del d['zz']
except KeyError as e:
    print(type(e).__name__, e)
class C:
    pass
c = C()
c.x = 1
c.y = 2
del c.x
print(c.__dict__)
try:
    del c.x
except AttributeError as e:
    print(type(e).__name__, e)
x, y = 1, 2
del x, y
print('x' in dir(), 'y' in dir())
def f():
    v = 1
    del v
    try:
        return v
    except UnboundLocalError as e:
        return type(e).__name__ + ': ' + str(e)
print(f())
