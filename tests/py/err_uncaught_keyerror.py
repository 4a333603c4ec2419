# Checks an uncaught KeyError: traceback with position markers, exit status 1, stdout before the error kept.
print('looking up a missing key')
d = {'a': 1}
print(d['b'])
print('never printed')
