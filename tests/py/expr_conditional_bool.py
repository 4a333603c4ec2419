# Checks conditional expressions and short-circuit and/or returning one of their operands.
x = 5
print('big' if x > 3 else 'small', 'big' if x > 10 else 'small')
print(0 or 'default', '' or [] or None, 3 or 4, 0 and 1, 2 and 3, None and 1/0)
print([] or [1], [1] and [2], not [], not 'a', not None)
def side(v):
    print(' evaluated', v)
    return v
print('and:', side(0) and side(1))
print('or:', side(1) or side(2))
print('chain:', side(1) and side(0) or side('fallback'))
print(1 if True else 1/0, (lambda: 'ok')() if x else 'no')
y = x > 2 and 'yes' or 'no'
print(y)
