# Checks the with statement: __enter__/__exit__ order, the as-target, exceptions passed to __exit__,
# suppression by a true return value, and nested managers.
class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print(' enter', self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print(' exit', self.name, exc_type.__name__ if exc_type else None, exc)
        return self.suppress

with Manager('a') as value:
    print(' body with', value)
with Manager('outer') as o, Manager('inner') as i:
    print(' body with', o, i)
with Manager('quiet', suppress=True):
    raise KeyError('suppressed')
print('after suppressed exception')
try:
    with Manager('loud'):
        raise ValueError('escapes')
except ValueError as e:
    print('caught', e)
def early():
    with Manager('in function'):
        return 'returned'
print(early())
