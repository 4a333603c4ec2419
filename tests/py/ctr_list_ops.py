# Checks list methods, indexing, slice assignment, sorting and their error messages.
def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__ + ":", e)

def setitem(l, k, v): l[k] = v
def delitem(l, k): del l[k]

a = [5, 3, 8, 1]
a.append(9); a.insert(0, 7); a.insert(-1, 4); a.insert(100, 6); a.insert(-100, 0)
print(a, len(a))
a.extend((2, 2)); a.extend(x * 10 for x in range(3)); a.extend(a[:2]); a += [11]; a += 'ab'
print(a)
print(a.pop(), a.pop(0), a.pop(-2), a.count(2), a.index(8), a.index(2, 9), a)
a.remove(2); a.reverse(); print(a)
b = a.copy(); b.clear(); print(b, a == a.copy(), a is a.copy())
print([1, 2, 3][-1], [1, 2, 3][::-1], [1, 2, 3, 4, 5][1:4:2], [1, 2, 3][5:], [1, 2, 3][-10:2])
l = list(range(10))
l[2:5] = ['a']; print(l)
l[1:1] = [9, 9]; print(l)
l[::3] = 'xyzw'; print(l)
del l[::2]; print(l)
del l[1:3]; print(l)
l[:] = range(4); print(l)
l[len(l):] = [4, 5]; print(l)
l[-1] = 'last'; del l[0]; print(l)
err(lambda: setitem(l, slice(5, 1, -1), 'ABCD')); l[4:0:-1] = 'ABCD'; print(l)
m = [1, 2, 3]; m[1:2] = m; print(m)
m = [1, 2, 3]; m[::-1] = m; print(m)
print([1, 2] * 3, 2 * [0], [] * 5, [1] * -1, [1, 2] + [3])
c = [1, 2]; c *= 2; print(c); c *= 0; print(c)
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9], [1, 2] == [1, 2], [1] != [1], [] <= [], [3] >= [3, 0])
print(3 in [1, 2, 3], 4 not in [1, 2, 3], [1, [2]] == [1, [2]])
s = [3, 1, 2]; s.sort(); print(s)
s = ['pear', 'fig', 'apple', 'kiwi']; s.sort(key=len); print(s)
s.sort(key=len, reverse=True); print(s)
s.sort(reverse=True); print(s)
print(sorted([(2, 'b'), (1, 'z'), (2, 'a'), (1, 'a')]), sorted("hello"), sorted({3: 1, 1: 2}))
big = [(i * 7919) % 1009 for i in range(2000)]
print(sorted(big) == sorted(big, key=lambda x: x), sorted(big)[:5], sorted(big, reverse=True)[:3])
stab = [(i % 3, i) for i in range(20)]
print(sorted(stab, key=lambda t: t[0])[:8])
nested = [1, 2]; nested.append(nested); print(nested, repr([[]]), str([None, True, 'x', 1.5]))
err(lambda: [].pop())
err(lambda: [1].pop(5))
err(lambda: [1].pop('a'))
err(lambda: [1].remove(2))
err(lambda: [1].index(2))
err(lambda: [1, 2].index(1, 'a'))
err(lambda: [1][3])
k = 'x'; err(lambda: [1][k])
err(lambda: [1] + (1,))
err(lambda: [1] * 'a')
err(lambda: [3, 'a', 1].sort())
err(lambda: ['a', 3].sort())
err(lambda: [].sort(1))
err(lambda: [].sort(foo=1))
err(lambda: [].append())
err(lambda: [].append(1, 2))
err(lambda: [].insert(1))
err(lambda: [].index())
err(lambda: [].clear(1))
err(lambda: list(1))
err(lambda: list(1, 2))
err(lambda: hash([]))
err(lambda: [1, 2, 3].__setitem__(slice(None, None, 2), [1]))
err(lambda: setitem([1], 5, 0))
err(lambda: delitem([1], 5))
err(lambda: setitem([1], slice(0, 1), 1))
err(lambda: setitem([1, 2], slice(0, 2, 0), [1]))
def key_fail(x):
    raise ValueError("bad key")
err(lambda: [2, 1].sort(key=key_fail))
def mutate():
    l = [3, 2, 1]
    def k(x):
        l.append(x)
        return x
    l.sort(key=k)
    return l
err(mutate)
print(list("abc"), list((1, 2)), list({1: 2, 3: 4}), list(range(3)), list())
class L(list):
    pass
x = L([1, 2]); x.append(3); print(x, type(x).__name__, len(x), x + [4], type(x + [4]).__name__, isinstance(x, list))
