# `s += t` on strings: values, sizes and aliasing are CPython's whether or not
# the string grows in place (pyheap resizes a string only the local holds,
# as CPython 3.11's BINARY_OP_INPLACE_ADD_UNICODE does). Also the two str
# iterator types of 3.11.
import sys


def build(n, piece):
    s = ''
    for _ in range(n):
        s += piece
    return s


def build_plus(n, piece):
    s = 'start:'
    for _ in range(n):
        s = s + piece
    return s


r = build(50_000, 'x')
print(len(r), sys.getsizeof(r), r[:3], r[-3:])
r = build(1000, '\xe9')
print(len(r), sys.getsizeof(r), r[:2])
r = build(1000, 'ab\u20ac')
print(len(r), sys.getsizeof(r), r[-3:])
r = build_plus(10, '12')
print(r, sys.getsizeof(r))


def aliasing():
    s = 'abc' * 2
    t = s                        # a second reference: s must not change t
    s += 'd'
    print(s, t)
    k = 'key' * 2
    d = {k: 1}                   # hashed: a dict key keeps its text
    k += '!'
    print(d, k, hash(k) == hash('keykey!'))
    a = 'é' * 3                  # latin-1 string, grown by ASCII and latin-1
    a += 'x'
    a += 'ü'
    print(a, len(a), sys.getsizeof(a))
    b = 'q' * 4                  # ASCII grown by non-ASCII: a new, wider string
    b += 'é'
    b += '€'
    b += '😀'
    print(b, len(b), sys.getsizeof(b))
    c = 'v' * 5
    c += ''
    print(c, sys.getsizeof(c))
    e = ''
    e += 'first'
    print(e)
    z = 'zz' * 2
    try:
        z += 5
    except TypeError as exc:
        print(exc, z)
    u = 'u' * 3
    for part in ['1', '2', '3']:
        u += part
        u += u[:1]
    print(u)


aliasing()

# module level: STORE_NAME, no in-place growth; the result is the same
m = 'mod'
for i in range(5):
    m += str(i)
print(m, sys.getsizeof(m))

# iterator types: str_ascii_iterator only for exact ASCII strings
class S(str):
    pass


for s in ['abc', '', 'é', '€', '😀', S('a')]:
    it = iter(s)
    print(type(it).__name__, sys.getsizeof(it), it.__length_hint__(), list(it))
try:
    iter('é').__length_hint__(1)
except TypeError as exc:
    print(exc)
