# Checks %-formatting: %d %i %s %r %f %5.2f %x %X %o %e %g %c %%, widths, flags, tuple and dict forms.
print('%d %i %s %r' % (42, -7, 'text', 'text'))
print('%5.2f|%-8.3f|%08.2f|%+d|% d' % (3.14159, 2.5, -1.5, 5, 5))
print('%x %X %o %#x %#o' % (255, 255, 8, 255, 8))
print('%e %E %g %g %g' % (12345.678, 0.000123, 0.0001, 123456789.0, 100.0))
print('%c%c %%' % (72, 'i'))
print('%(name)s is %(age)d years' % {'name': 'Bob', 'age': 30})
print('%s' % [1, 2], '%s' % (1,), '%r' % ((1, 2),))
print('%10s|%-10s|' % ('right', 'left'))
print('%.3s' % 'abcdef', '%5d' % 42, '%-5d|' % 42)
print('%s %s' % (None, True), '%d' % True, '%d' % 3.99)
try:
    print('%d' % 'x')
except TypeError as e:
    print(type(e).__name__, e)
try:
    print('%s %s' % ('one',))
except TypeError as e:
    print(type(e).__name__, e)
