# Checks user-defined exception classes: inheritance, extra attributes, __str__, catching by base class.
class AppError(Exception):
    pass

class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f'key {key!r} not found')
        self.key = key

class Weird(Exception):
    def __str__(self):
        return 'custom str'

try:
    raise NotFound('abc')
except AppError as e:
    print(type(e).__name__, e, e.key, e.args, isinstance(e, Exception))
try:
    raise Weird(1, 2)
except Weird as e:
    print(e, repr(e), e.args)
print(issubclass(NotFound, AppError), issubclass(NotFound, Exception), NotFound.__mro__[1].__name__)
print([c.__name__ for c in NotFound.__mro__])
class Multi(Exception):
    def __init__(self, a, b):
        self.a, self.b = a, b
try:
    raise Multi(1, 2)
except Multi as e:
    print(e.a, e.b, e.args, repr(str(e)))
