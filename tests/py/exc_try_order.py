# Checks the order of try/except/else/finally clauses with and without an exception.
def run(fail):
    try:
        print(' try')
        if fail:
            raise ValueError('bad')
    except ValueError as e:
        print(' except', e)
    else:
        print(' else')
    finally:
        print(' finally')
    print(' after')

print('no exception:')
run(False)
print('with exception:')
run(True)

def nested():
    try:
        try:
            raise KeyError('inner')
        finally:
            print(' inner finally')
    except KeyError as e:
        print(' outer caught', repr(e))
nested()
