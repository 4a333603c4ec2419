# Checks subscription and slicing: read, negative indices and steps, slice assignment that grows or
# shrinks a list, extended-slice assignment and deletion.
s = 'abcdefgh'
print(s[0], s[-1], s[2:5], s[:3], s[5:], s[::2], s[::-1], s[-3:], s[1:-1], s[6:2:-1], s[100:], s[-100:2])
l = list(range(10))
print(l[2:8:3], l[::-3], l[-2:-8:-2], l[8:2], l[:])
l[2:4] = ['a', 'b', 'c', 'd']
print(l)
l[1:6] = []
print(l)
l[:0] = [-1, -2]
print(l)
l[len(l):] = [99]
print(l)
l[::2] = ['E'] * len(l[::2])
print(l)
try:
    l[::2] = [1]
except ValueError as e:
    print(type(e).__name__, e)
del l[::3]
print(l)
t = (0, 1, 2, 3, 4)
print(t[1:3], t[::-1], t[-1])
print(slice(1, 5, 2), slice(3), s[slice(1, 5, 2)])
print(slice(None, None, -1).indices(5))
try:
    s[100]
except IndexError as e:
    print(type(e).__name__, e)
try:
    l[100] = 1
except IndexError as e:
    print(type(e).__name__, e)
try:
    t[10]
except IndexError as e:
    print(type(e).__name__, e)
try:
    s[::0]
except ValueError as e:
    print(type(e).__name__, e)
