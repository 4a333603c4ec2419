# Checks bytes literals and basic bytes operations.
b = b'abc\x00\xff'
print(b, len(b), b[0], b[-1], b[1:3])
print(rb'\n', br'raw\x41', b'\x41\x42')
print(list(b'hi'), bytes([65, 66, 67]), bytes(3))
print(b'ab' + b'cd', b'ab' * 3, b'b' in b'abc', 98 in b'abc')
print('héllo'.encode(), 'héllo'.encode('utf-8').decode('utf-8'))
print(b'hello world'.split(), b'  x '.strip(), b'abc'.upper(), b'a,b'.split(b','))
print(b'abc'.hex(), bytes.fromhex('414243'), b'xyz'.find(b'z'))
print(repr(b"it's"), repr(b'"'), b'\t\n\r')
print(bytearray(b'abc'), bytearray(2))
ba = bytearray(b'abc'); ba[0] = 65; ba.append(68)
print(ba, bytes(ba))
print(b'abc' == b'abc', b'abc' < b'abd', b'' == bytes())
