# Checks that operations on immutable objects (str, tuple, int, frozenset) create new objects,
# while list mutation keeps the identity.
s = 'hello'
s_id = id(s)
s += ' world'
print("str += makes a new object:", id(s) != s_id, s)
u = s.upper()
print("upper() is new:", u is not s, u)
t = (1, 2)
t2 = t + (3,)
print("tuple + makes a new object:", t2 is not t, t, t2)
t_before = t
t += (9,)
print("tuple += rebinds:", t is not t_before, t_before, t)
n = 1000
n_before = n
n += 1
print("int += rebinds:", n is not n_before, n_before, n)
fs = frozenset({1})
fs_before = fs
fs |= {2}
print("frozenset |= rebinds:", fs is not fs_before, sorted(fs_before), sorted(fs))
lst = [1, 2]
lst_before = lst
lst += [3]
print("list += keeps identity:", lst is lst_before, lst)
lst = lst + [4]
print("list = list + [..] is new:", lst is not lst_before, lst_before, lst)
st = {1}
st_before = st
st |= {2}
print("set |= keeps identity:", st is st_before, sorted(st))
try:
    s[0] = 'H'
except TypeError as e:
    print(type(e).__name__, e)
try:
    t[0] = 5
except TypeError as e:
    print(type(e).__name__, e)
