# Checks assert with and without a message (caught), and that a passing assert does nothing.
assert True, 'never shown'
assert 1 + 1 == 2
try:
    assert 1 > 2, 'one is not greater than two'
except AssertionError as e:
    print(type(e).__name__, e, e.args)
try:
    assert []
except AssertionError as e:
    print(type(e).__name__, repr(str(e)), e.args)
x = 5
try:
    assert x < 0, f'x={x} must be negative'
except AssertionError as e:
    print(e)
