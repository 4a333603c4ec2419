# Checks raise ... from None: the context is suppressed, only the new exception is shown.
def convert(s):
    try:
        return float(s)
    except ValueError:
        raise TypeError('expected a number') from None

convert('abc')
