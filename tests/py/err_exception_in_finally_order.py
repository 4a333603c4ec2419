# Checks that finally blocks run (and print) while an uncaught exception propagates.
def inner():
    try:
        print('inner body')
        raise RuntimeError('propagating')
    finally:
        print('inner finally')

def outer():
    try:
        inner()
    finally:
        print('outer finally')

outer()
