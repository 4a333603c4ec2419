# Checks center/ljust/rjust (with fill characters), zfill, expandtabs.
print('[' + 'ab'.center(7) + ']', '[' + 'ab'.center(6, '*') + ']', '[' + 'abc'.center(2) + ']')
print('[' + 'ab'.ljust(5) + ']', '[' + 'ab'.rjust(5, '.') + ']', '[' + 'ab'.ljust(1) + ']')
print('42'.zfill(5), '-42'.zfill(5), '+7'.zfill(4), 'abc'.zfill(2), ''.zfill(3))
print('a\tb\tc'.expandtabs(4), repr('x\ty'.expandtabs()))
