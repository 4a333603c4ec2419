# Checks the plain "invalid syntax" error for two adjacent names.
print('start')
a b = 1
