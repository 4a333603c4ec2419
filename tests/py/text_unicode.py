# Unicode text: repr, case mapping, predicates, iteration and identity of
# one-character strings.
samples = ['', 'a', "'", '"', '\'"', 'caf\u00e9', '\u4e2d\u6587', '\x00\x7f\x80\xa0\xad',
           '\u2028\ud800\U0001f600\U000e0001', ' \u3000\u00a0', '\\\t\n\r', '\U0001d11e\ufeff\u200b']
for s in samples:
    print(repr(s), ascii(s), len(s))
words = ['stra\u00dfe', '\u0391\u03a3 \u0391\u03a3\u0391 \u03a3', '\u01c6emal', 'ﬁne', 'H\u00c9LLO \u0130',
         "they're bill's friends", 'hELLO wORLD']
for w in words:
    print(w.upper(), w.lower(), w.title(), w.capitalize(), w.swapcase(), w.casefold())
for s in ['Hello World', '\u01c5', 'ABC1', 'abc1', '1', '\u00bd\u00b23', '\u0661\u0662', 'ab\u00e9\u4e2d',
          ' \t\u3000', '_a1', '1a', '\u00e9t\u00e9', 'ab\n', '\u00e9\u20ac', '']:
    print(repr(s), s.istitle(), s.isupper(), s.islower(), s.isnumeric(), s.isdigit(), s.isdecimal(),
          s.isalpha(), s.isalnum(), s.isspace(), s.isidentifier(), s.isprintable(), s.isascii())
s = 'a\u00e9\u20ac\U0001f600'
print([c for c in s], [ord(c) for c in s], list(reversed(s)))
print(type(iter('abc')).__name__, type(iter(b'')).__name__)
# one-character Latin-1 strings made at run time are shared singletons
s1, s2, s3 = 'xa', 'abc', 'x\u00e9'
print(chr(97) is s1[1], s2[1] is s2[1:2], s3[1] is chr(233), s1[0:1] is s1.strip('a'), s2[0] is s2[0])
print(chr(0x20ac) == '\u20ac', chr(0x20ac) is chr(0x20ac))
for f in [lambda: chr(0x110000), lambda: chr(-1), lambda: ord('ab'), lambda: ord(b'ab'), lambda: ord(1)]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
print(ord('\u20ac'), ord(b'a'), chr(8364), chr(0x1f600))
import sys
print(sys.getsizeof(''), sys.getsizeof('a'), sys.getsizeof('\u00e9'), sys.getsizeof('\u20ac'),
      sys.getsizeof('\U0001f600'), sys.getsizeof('abc' * 10), sys.getsizeof('\u00e9' * 10))
t = '\u00e9t\u00e9'
t.encode()
print(sys.getsizeof(t))
print('\u00e9' < '\u20ac' < '\U0001f600', 'abc' < 'abd', 'ab' < 'abc', sorted(['b', '\u00e9', 'a', 'B']))
print('x'.join(['\u20ac', 'b']), '\u20ac'.join('ab'), ''.join(['\U0001f600', 'a']))
