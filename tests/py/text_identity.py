# When str operations return their operand itself, as CPython 3.11 does.
t = 'hello world'
u = '\u00e9' * 3
e = ''
checks = [
    ('%s' % t, t), ('%s' % (t,), t), ('{}'.format(t), t), (f'{t}', t), ('%s%s' % (t, ''), t),
    ('%5s' % t, t), ('%r' % t, t), (''.join([t]), t), (format(t, ''), t), (format(t, '<3'), t),
    ('%.20s' % t, t), ('%s' % u, u), ('{0}'.format(t), t), ('{:}'.format(t), t),
    ('{!s}'.format(t), t), ('{}{}'.format('', t), t), ('{}{}'.format(t, ''), t), (t + '', t),
    ('' + t, t), (t * 1, t), (t.strip(), t), (t.replace('z', 'y'), t), (t[:], t), (t.center(3), t),
    (str(t), t), (t.ljust(2), t), (t.zfill(1), t), (t.removeprefix('x'), t), (t.lstrip('x'), t),
    (t.split()[0], t.split()[0]), (t.partition('z')[0], t), (t.rpartition('z')[2], t),
    (t.expandtabs(), t), (t.translate({}), t), (t.lower(), t), (t.casefold(), t),
    (t.format(), t), (t.split('z')[0], t), (t.rsplit(None, 5)[0], 'hello'),
    (''.join([e, t]), t), (','.join([t]), t), (t[0:len(t)], t), (t[::1], t),
]
print([a is b for a, b in checks])
s = 'x'
print(s * 0 is '', s[5:] is '', ''.join([]) is '', str() is '', '%s' % '' is '', ''.strip() is '')
