# bytes: literals, operators, methods, constructor and their errors.
def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

b = b'hello world'
print(len(b), b[0], b[-1], b[1:5], b[::2], b[::-1])
print(b + b'!', b * 2, 2 * b'ab', b'' * 5)
print(b'lo' in b, 111 in b, 300 in b'abc' if False else 'skip')
show(lambda: 'a' in b)
show(lambda: 300 in b)
show(lambda: b[20])
show(lambda: b['x'])
show(lambda: b + 'x')
print(b == b'hello world', b != b'x', b < b'hellp', b'' < b'a', b'a' == 'a')
print(hash(b'abc') == hash('abc'), hash(b''))
print(list(b'abc'), [x for x in b'\x00\xff'])
print(repr(b'\x00\'"\\\t\n\r\x7f\x80 a'), repr(b"'"), str(b'x'))
print(b.split(), b.split(b'o'), b.split(b'o', 1), b'a,b,,c'.split(b','))
print(b','.join([b'a', b'b', b'c']), b''.join([]), b'-'.join((b'x',)))
show(lambda: b','.join([b'a', 'b']))
print(b'  pad  '.strip(), b'xxhixx'.strip(b'x'), b'  l'.lstrip(), b'r  '.rstrip())
print(b'aaa'.replace(b'a', b'bb'), b'aaa'.replace(b'a', b'b', 2), b'ab'.replace(b'', b'.'))
print(b.find(b'o'), b.rfind(b'o'), b.find(111), b.find(b'z'), b.index(b'w'), b.count(b'l'))
show(lambda: b.index(b'z'))
show(lambda: b.find('o'))
print(b.startswith(b'hell'), b.endswith((b'x', b'ld')), b.startswith(b'o', 4))
show(lambda: b.startswith('h'))
print(b'MiXeD \xc9'.upper(), b'MiXeD \xc9'.lower())
print(b'\x01\xab'.hex(), b'abcdef'.hex(':'), b'abcdef'.hex('-', 2), bytes.fromhex('de ad be ef'))
show(lambda: bytes.fromhex('zz'))
print(bytes(), bytes(3), bytes([65, 66]), bytes(range(3)), bytes('é', 'utf-8'), bytes(b'copy'))
for args in [(-1,), ('abc',), (1, 'utf-8'), ([1, 300],), ([1, 'a'],), (1.5,)]:
    show(lambda: bytes(*args))
print(b'h\xc3\xa9llo'.decode(), b'h\xe9llo'.decode('latin-1'), b'abc'.decode('ascii'))
print(b'\xff'.__sizeof__(), b''.__sizeof__())
import sys
print(sys.getsizeof(b''), sys.getsizeof(b'ab'), sys.getsizeof(b'x' * 100))
x = b'ab'
print(x[0:1] is b'a', x[1:] is b'b', bytes(0) is b'', b'a' * 1 is b'a')
