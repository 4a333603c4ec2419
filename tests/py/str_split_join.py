# Checks split, rsplit, splitlines, join, partition and rpartition.
s = '  a  b   c  '
print(s.split(), s.split(' '), 'a,b,,c'.split(','), 'a,b,c'.split(',', 1), 'a,b,c'.rsplit(',', 1))
print('one two three'.split(maxsplit=1), 'x'.split(','), ''.split(), ''.split(','))
print('l1\nl2\r\nl3\rl4'.splitlines(), 'a\n\nb\n'.splitlines(), 'a\nb\n'.splitlines(keepends=True))
print('-'.join(['a', 'b', 'c']), ''.join('xyz'), ', '.join(str(i) for i in range(4)), '|'.join([]))
print('key=value=x'.partition('='), 'key=value=x'.rpartition('='), 'none'.partition('='), 'none'.rpartition('='))
try:
    ','.join([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
try:
    'a'.split('')
except ValueError as e:
    print(type(e).__name__, e)
