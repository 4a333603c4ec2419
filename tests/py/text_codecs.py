# encode/decode with utf-8, ascii and latin-1 and the error handlers.
def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

for s in ['plain', 'h\u00e9llo', '\u20ac uro', '\U0001f600']:
    for enc in ['utf-8', 'UTF8', 'latin-1', 'latin1', 'iso-8859-1', 'ascii', 'US-ASCII']:
        for err in ['strict', 'ignore', 'replace', 'xmlcharrefreplace', 'backslashreplace']:
            show(lambda: s.encode(enc, err))
show(lambda: 'a'.encode('nope'))
show(lambda: 'a\u00e9'.encode('ascii', 'nope'))
show(lambda: 'a'.encode('ascii', 'nope'))
show(lambda: '\ud800'.encode())
show(lambda: '\ud800'.encode('utf-8', 'surrogatepass'))
show(lambda: 'a\udcffb'.encode('utf-8', 'surrogateescape'))
for data in [b'\xff', b'a\xff\xfe', b'\xe2\x82', b'\xe2\x28', b'\xed\xa0\x80', b'\xf4\x90\x80\x80',
             b'\xc0\x80', b'\xf0\x9f\x98', b'\xf0\x9f\x98x', b'a\x80\x80b', b'ok \xf0\x9f\x98\x80']:
    for err in ['strict', 'replace', 'ignore', 'backslashreplace', 'surrogateescape']:
        show(lambda: data.decode('utf-8', err))
    show(lambda: data.decode('ascii'))
    show(lambda: data.decode('latin-1'))
try:
    b'\xe9t\xe9'.decode('utf-8')
except UnicodeDecodeError as e:
    print(e.encoding, e.start, e.end, e.reason, e.object, e.args)
try:
    'caf\u00e9s'.encode('ascii')
except UnicodeEncodeError as e:
    print(e.encoding, e.start, e.end, e.reason, e.object)
show(lambda: str(b'caf\xc3\xa9', 'utf-8'))
show(lambda: str(b'caf\xe9', 'utf-8', 'replace'))
show(lambda: str(b'x', encoding='latin-1'))
show(lambda: str('x', 'utf-8'))
show(lambda: str(1, 'utf-8'))
show(lambda: str(b'x', 'nope'))
show(lambda: str(b'x'))
