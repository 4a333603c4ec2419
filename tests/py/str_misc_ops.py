# Checks startswith/endswith with tuples, encode, format, * + in, comparisons, slicing, iteration, ord order.
s = 'python.py'
print(s.startswith('py'), s.startswith(('x', 'pyt')), s.endswith('.py'), s.endswith(('.c', '.h')), s.startswith('thon', 2))
print('café'.encode(), 'café'.encode('latin-1'), 'abc'.encode('ascii'), len('€'.encode()))
try:
    'café'.encode('ascii')
except UnicodeEncodeError as e:
    print(type(e).__name__, e)
print('{}-{}'.format(1, 2), 'ab' * 3, 3 * 'x', 'ab' + 'cd', 'b' in 'abc', 'x' not in 'abc', '' in 'abc')
print('apple' < 'banana', 'Apple' < 'apple', 'a' < 'aa', 'abc' == 'abc', 'abc' != 'abd', max('hello'), min('hello'))
print('hello'[1:4], 'hello'[::-1], 'hello'[-2:], list('héllo'), [c for c in 'ab'])
for ch in 'hi!':
    print(ch, ord(ch))
print(len('héllo'), len('😀'), 'a😀b'[1] == '😀', 'x' * 0, repr('x' * -1))
print('tEsT'.lower() == 'test', 'A'.join('123'), 'abc'.translate(str.maketrans('ab', 'xy')))
print(str(1) + str(2.5) + str(None), repr('a\\b'))
