# Checks strip/lstrip/rstrip with and without chars, replace (with count), find/rfind/index/rindex, count.
s = '  \t hello world \n'
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), 'xxhixx'.strip('x'), 'abcba'.strip('ab'), '--a-'.lstrip('-'))
print('aaa'.replace('a', 'b'), 'aaa'.replace('a', 'b', 2), 'abc'.replace('', '-'), 'hello'.replace('l', ''))
t = 'hello hello'
print(t.find('llo'), t.rfind('llo'), t.find('z'), t.find('l', 5), t.find('l', 5, 7), t.index('o'), t.rindex('o'))
print(t.count('l'), t.count('ll'), 'aaaa'.count('aa'), t.count(''), t.count('l', 3))
print('abc'.removeprefix('ab'), 'abc'.removesuffix('bc'), 'abc'.removeprefix('x'))
try:
    t.rindex('z')
except ValueError as e:
    print(type(e).__name__, e)
