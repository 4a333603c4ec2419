# More bytes methods (padding, partitions, ASCII tests, translate) and bytes % args.
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
b = b'hello World'
t(lambda: b.center(15, b'*')); t(lambda: b.center(15, '*')); t(lambda: b.center(15, b'**')); t(lambda: b.ljust(14)); t(lambda: b.rjust(13, b'-'))
t(lambda: b'-12'.zfill(6)); t(lambda: b'a\tb'.expandtabs(4)); t(lambda: b'a\tb'.expandtabs())
t(lambda: b.capitalize()); t(lambda: b.title()); t(lambda: b.swapcase()); t(lambda: b"they're \xe9x".title())
for m in ['isalnum', 'isalpha', 'isascii', 'isdigit', 'islower', 'isspace', 'istitle', 'isupper']:
    for v in [b'', b'abc', b'ABC', b'Ab Cd', b'a1', b' \t', b'\xe9', b'12']:
        t(lambda: (m, v, getattr(v, m)()))
t(lambda: b.partition(b' ')); t(lambda: b.rpartition(b'o')); t(lambda: b.partition(b'z')); t(lambda: b.rpartition(b'z')); t(lambda: b.partition(' ')); t(lambda: b.partition(b''))
t(lambda: b.removeprefix(b'he')); t(lambda: b.removesuffix(b'ld')); t(lambda: b.removeprefix('he'))
t(lambda: b' a b  c '.rsplit()); t(lambda: b'a,b,c'.rsplit(b',', 1)); t(lambda: b'a\nb\r\nc\rd'.splitlines()); t(lambda: b'a\nb\r\n'.splitlines(True)); t(lambda: b'a\x0bb\x1cc'.splitlines())
t(lambda: bytes.maketrans(b'abc', b'xyz')[97:100]); t(lambda: bytes.maketrans(b'ab', b'x')); t(lambda: bytes.maketrans('a', b'x'))
t(lambda: b'abcabc'.translate(bytes.maketrans(b'abc', b'xyz'))); t(lambda: b'abcabc'.translate(None, b'b')); t(lambda: b'abc'.translate(b'x')); t(lambda: b'abc'.translate(None))
t(lambda: b.__bytes__()); t(lambda: b'%s-%d-%x-%r-%5.2f-%c-%c-%%-%a-%b' % (b'x', 3, 255, b'q', 1.5, 65, b'z', 'é', b'y'))
t(lambda: b'%s' % 'x'); t(lambda: b'%s' % (1,)); t(lambda: b'%d %d' % (1,)); t(lambda: b'%(a)s' % {b'a': b'v'}); t(lambda: b'%c' % 300); t(lambda: b'%c' % b'ab')
t(lambda: b.center()); t(lambda: b.zfill('x')); t(lambda: b.isalpha(1)); t(lambda: b.translate()); t(lambda: b.splitlines(x=1)); t(lambda: b.rsplit(1))
t(lambda: b.center(3) is b); t(lambda: b.ljust(3) is b)
