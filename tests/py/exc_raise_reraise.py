# Checks raise with classes and instances, bare re-raise, exception args, and except (A, B) as e.
try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args, str(e) == '')
try:
    raise ValueError('msg', 42)
except ValueError as e:
    print(repr(e), e.args, str(e))
def reraiser():
    try:
        {}['missing']
    except KeyError:
        print(' handling, then re-raising')
        raise
try:
    reraiser()
except KeyError as e:
    print('re-raised:', repr(e), e.args)
for exc in [TypeError('t'), IndexError('i'), KeyError('k')]:
    try:
        raise exc
    except (TypeError, LookupError) as e:
        print('caught', type(e).__name__, e)
try:
    try:
        raise IndexError('first')
    except IndexError as e:
        raise RuntimeError('second') from e
except RuntimeError as e:
    print(repr(e), 'cause:', repr(e.__cause__), 'context:', repr(e.__context__))
try:
    try:
        raise IndexError('first')
    except IndexError:
        raise RuntimeError('second')
except RuntimeError as e:
    print(repr(e), 'cause:', e.__cause__, 'context:', repr(e.__context__), e.__suppress_context__)
try:
    raise 42
except TypeError as e:
    print(type(e).__name__, e)
e = 'before'
try:
    raise ValueError()
except ValueError as e:
    pass
print('e' in dir())
