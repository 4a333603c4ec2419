# bytearray: layout and growth (sys.getsizeof / __alloc__), the GC view,
# mutation, slicing, the shared bytes methods, comparisons, errors.
import gc
import sys


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(r))


# ---- layout, sizes, growth ----
print(sys.getsizeof(bytearray()), sys.getsizeof(bytearray(b'abc')), sys.getsizeof(bytearray(10)))
print(bytearray.__basicsize__, bytearray.__itemsize__)
b = bytearray()
sizes = [sys.getsizeof(b)]
for i in range(60):
    b.append(i)
    sizes.append(sys.getsizeof(b))
print(sizes)
print([sys.getsizeof(bytearray(range(n))) for n in range(0, 40, 3)])
print([sys.getsizeof(bytearray([1] * n)) for n in range(0, 40, 3)])
print([sys.getsizeof(bytearray(iter([1] * n))) for n in range(0, 40, 3)])

b = bytearray(b'abcdefghij')
del b[:3]
print(b, b.__alloc__(), sys.getsizeof(b))
b.append(1)
print(b, b.__alloc__())
b = bytearray(b'x' * 20)
b[0:15] = b'1'
print(b, b.__alloc__())
b = bytearray(b'x' * 20)
b[2:15] = b'1'
print(b, b.__alloc__())
b = bytearray(b'x' * 20)
b[2:5] = b'12345678'
print(b, b.__alloc__())
b = bytearray(b'abc')
b.clear()
print(b, b.__alloc__(), sys.getsizeof(b))
b = bytearray(100)
b += b'x'
print(sys.getsizeof(b))
b *= 3
print(sys.getsizeof(b))
b = bytearray(b'abcdefghij')
b.__init__(b'xy')
print(b, b.__alloc__())
b.__init__(iter([1, 2]))
print(b, b.__alloc__())
b = bytearray()
b.extend(range(100))
print(b.__alloc__())
b.extend(iter(range(50)))
print(len(b), b.__alloc__())
b = bytearray(b'0123456789' * 3)
b.remove(48)
b.insert(0, 65)
b.pop()
b.pop(0)
print(b, b.__alloc__())

# ---- the collector does not see bytearrays (no GC header) ----
print(gc.is_tracked(bytearray()), gc.is_tracked(bytearray(b'abc')), gc.is_tracked(iter(bytearray())))
print(sys.getsizeof(iter(bytearray())), type(iter(bytearray(b'a'))).__name__)
print(gc.get_referents(bytearray(b'abc')))

# ---- construction ----
print(bytearray(), bytearray(3), bytearray(b'ab'), bytearray(bytearray(b'cd')))
print(bytearray('h\xe9', 'latin-1'), bytearray('h\xe9', 'utf-8'), bytearray('h\xe9', 'ascii', 'replace'))
print(bytearray([65, 66]), bytearray((67, 68)), bytearray(range(3)), bytearray(x for x in b'xyz'))
print(bytearray(source=b'kw'), bytearray(True), bytes(bytearray(b'\x00\xff')))
for label, f in [
    ("str no encoding", lambda: bytearray('abc')),
    ("negative", lambda: bytearray(-1)),
    ("int with encoding", lambda: bytearray(5, 'ascii')),
    ("bytes with encoding", lambda: bytearray(b'a', 'ascii')),
    ("float", lambda: bytearray(1.5)),
    ("list of float", lambda: bytearray([1.5])),
    ("list of str", lambda: bytearray(['a'])),
    ("out of range", lambda: bytearray([256])),
    ("huge", lambda: bytearray([2 ** 100])),
    ("bad codec", lambda: bytearray('a', 'nope')),
    ("unencodable", lambda: bytearray('\xe9', 'ascii')),
    ("keyword", lambda: bytearray(x=1)),
    ("too many", lambda: bytearray(1, 2, 3, 4)),
    ("encoding type", lambda: bytearray(1, encoding=2)),
    ("errors alone", lambda: bytearray(errors='x')),
]:
    show(label, f)

# ---- sequence behaviour ----
b = bytearray(b'hello world')
print(b[0], b[-1], b[1:5], b[::2], b[::-1], b[5:1], b[2:3])
print(len(b), list(b)[:3], list(reversed(b))[:3], 111 in b, b'wor' in b, bytearray(b'lo') in b)
b[0] = 72
b[-1] = ord('D')
print(b)
b[0:5] = b'HOWDY'
b[6:] = bytearray(b'there')
print(b)
b[1:1] = [1, 2]
print(b)
b[::2] = b'x' * len(b[::2])
print(b)
del b[1]
del b[-2:]
del b[::3]
print(b)
del b[:]
print(b, len(b))
b = bytearray(b'abcdef')
b[4:1] = b'XY'
print(b)
b[5:2:-1] = b'123'
print(b)
del b[5:0:-2]
print(b)
b = bytearray(b'ab')
b[1:1] = b
print(b)
b.extend(b)
print(b)
b = bytearray(b'abc')
b.reverse()
print(b, b.copy(), b.copy() is b)
b = bytearray(b'ab')
c = b
b += b'cd'
b *= 2
print(b, c is b)
print(b + b'!', b'!' + b, b * 2, 2 * b, b * 0, b * -1)
print(type(b + b'!').__name__, type(b'!' + b).__name__)
for label, f in [
    ("index", lambda: b[100]),
    ("index type", lambda: b['a']),
    ("huge index", lambda: b[2 ** 100]),
    ("set range", lambda: b.__setitem__(0, 300)),
    ("set index", lambda: b.__setitem__(100, 1)),
    ("set slice int", lambda: b.__setitem__(slice(0, 1), 5)),
    ("set slice str", lambda: b.__setitem__(slice(0, 1), 'a')),
    ("extended size", lambda: b.__setitem__(slice(0, 8, 2), b'a')),
    ("del index", lambda: b.__delitem__(100)),
    ("set key", lambda: b.__setitem__('a', 1)),
    ("hash", lambda: hash(b)),
    ("iadd str", lambda: b.__iadd__('a')),
    ("concat int", lambda: b + 1),
    ("str concat", lambda: 'a' + b),
    ("in str", lambda: 'a' in b),
    ("in range", lambda: 300 in b),
    ("mul str", lambda: b * 'a'),
    ("self iadd", lambda: b.__iadd__(b)),
]:
    show(label, f)
print(b)
e = bytearray()
e += e
print(e)

# ---- mutating methods ----
b = bytearray(b'abc')
b.append(100)
b.insert(0, 95)
b.insert(-1, 45)
b.insert(100, 33)
b.insert(-100, 35)
print(b, b.pop(), b.pop(0), b.pop(-2), b)
b.remove(ord('b'))
print(b)
b.extend([1, 2])
b.extend(b'\xff')
b.extend(iter(range(3)))
print(b)
for label, f in [
    ("append big", lambda: b.append(256)),
    ("append str", lambda: b.append('a')),
    ("append huge", lambda: b.append(2 ** 100)),
    ("append none", lambda: b.append()),
    ("append kw", lambda: b.append(a=1)),
    ("extend int", lambda: b.extend(5)),
    ("extend str", lambda: b.extend('abc')),
    ("extend bad", lambda: b.extend([256])),
    ("insert 1", lambda: b.insert(1)),
    ("insert 3", lambda: b.insert(1, 2, 3)),
    ("insert str", lambda: b.insert('a', 1)),
    ("pop far", lambda: b.pop(100)),
    ("pop empty", lambda: bytearray().pop()),
    ("pop 2", lambda: b.pop(1, 2)),
    ("pop kw", lambda: b.pop(a=1)),
    ("remove missing", lambda: b.remove(100)),
    ("remove str", lambda: b.remove('a')),
    ("clear arg", lambda: b.clear(1)),
    ("reverse arg", lambda: b.reverse(1)),
]:
    show(label, f)
print(b)

# ---- comparisons ----
x = bytearray(b'abc')
print(x == b'abc', b'abc' == x, x == bytearray(b'abc'), x != b'abd', x == 'abc', x != 'abc')
print(x < b'abd', x <= b'abc', x > bytearray(b'ab'), b'abb' < x, bytearray(b'12') < bytearray(b'2'))
show("lt str", lambda: x < 'abc')
print(bytearray.__hash__, bytes(bytearray(b'k')) in {b'k': 1})
print(sorted([bytearray(b'b'), bytearray(b'a'), bytearray(b'ab')]))

# ---- shared bytes methods: results are new bytearrays ----
x = bytearray(b'  Hello, World  ')
print(x.strip(), x.lstrip(), x.rstrip(b' d'), x.upper(), x.lower(), x.swapcase(), x.title())
print(x.split(), x.split(b','), x.rsplit(None, 1), x.partition(b','), x.rpartition(b'o'))
print(x.find(b'o'), x.rfind(b'o'), x.index(b'W'), x.count(b'l'), x.find(111), x.count(b''))
print(x.startswith(b'  H'), x.endswith((b'x', bytearray(b'  '))), x.replace(b'l', b'L', 2))
print(x.center(20, b'*'), x.ljust(18, bytearray(b'.')), x.rjust(17), bytearray(b'-5').zfill(4))
print(bytearray(b'a\tb').expandtabs(4), bytearray(b'ab\ncd\r\n').splitlines(True))
print(bytearray(b'-').join([b'a', bytearray(b'b'), b'c']), b'-'.join([bytearray(b'x'), b'y']))
print(x.decode(), bytearray(b'\xe9').decode('latin-1'), bytearray(b'ab').hex(), bytearray(b'abc').hex(':', 2))
print(bytearray.fromhex('61 62'), bytearray.maketrans(b'ab', b'xy'), x.translate(None, b'lo'))
print(x.translate(bytearray.maketrans(b'lo', b'01')), x.removeprefix(b'  He'), x.removesuffix(b'd  '))
print(x.isalpha(), bytearray(b'abc').isalpha(), bytearray(b'12').isdigit(), bytearray(b'Ab Cd').istitle())
print(bytearray(b'abc').capitalize(), bytearray(b'a-b').partition(b'-'), bytearray(b'abc').partition(b'x'))
y = bytearray(b'abc')
print(y.strip() is y, y.replace(b'z', b'') is y, y[:] is y, y.ljust(1) is y, y.split()[0] is y)
print(bytearray(b'%d-%s') % (5, b'x'), bytearray(b'%s') % bytearray(b'y'), b'%s|%b' % (bytearray(b'y'), bytearray(b'z')))
print(type(bytearray(b'%d') % 1).__name__, bytearray(b'abc') % ())
for e in ["x.upper(1)", "x.find()", "x.split(1, 2, 3)", "x.replace(b'a')", "x.join()",
          "x.decode(1)", "x.center()", "x.partition()", "x.translate()", "x.zfill()",
          "x.lower(y=1)", "x.find('a')", "x.split('a')", "x.join([1])", "x.__sizeof__(1)",
          "x.startswith(1)", "bytearray.maketrans(1)", "bytearray(b'\\xff').decode()",
          "bytearray.fromhex('zz')", "x.center(30, 'x')"]:
    show(e, lambda: eval(e))
print([sys.getsizeof(eval(e)) for e in ["x.upper()", "x.translate(None, b'l')", "x.translate(None, b'lo Hed')",
                                        "x.split(b',')[0]", "x.strip()", "x * 3", "x + x", "x[1:3]", "x[::2]",
                                        "x.partition(b',')[1]", "bytearray().upper()", "x.replace(b'l', b'LLL')",
                                        "x.copy()", "x.center(30)", "bytearray.fromhex('aabbcc')"]])

# ---- conversions ----
print(str(bytearray(b'ab'), 'ascii'), ord(bytearray(b'a')), repr(bytearray(b'\'"\\\x00\x7f\x80')))
print(repr(bytearray(b"'")), repr(bytearray(b'"')), str(bytearray(b'q')), f"{bytearray(b'f')}")
print(bytearray(b'abc').__reduce__(), bytearray(b'abc').__reduce_ex__(4), bytearray().__reduce__())


# ---- subclasses ----
class BA(bytearray):
    pass


s = BA(b'sub')
s.tag = 1
print(repr(s), type(s + b'!').__name__, type(s.upper()).__name__, type(s[:1]).__name__, type(s.copy()).__name__)
print(s.__reduce__(), gc.is_tracked(s), isinstance(s, bytearray), BA.fromhex('41'), type(BA.fromhex('41')).__name__)
s.append(33)
s[0] = 83
print(s, len(s), s == b'Sub!', bytes(s), bytearray(s))

# ---- iteration ----
b = bytearray(b'xyz')
it = iter(b)
print(it.__length_hint__(), next(it), it.__length_hint__())
b.append(ord('!'))
print(list(it), list(it), sum(bytearray(range(10))), max(bytearray(b'az')))
print(list(enumerate(bytearray(b'ab'))), bytearray(b'ab') * 2 == b'abab')
