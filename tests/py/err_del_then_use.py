# Checks NameError after del, with output before the error.
value = [1, 2, 3]
print('value is', value)
del value
print(len(value))
