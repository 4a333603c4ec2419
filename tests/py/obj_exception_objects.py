# Checks exception objects: custom __init__/__str__, args/repr/str rules, KeyError str, OSError errno mapping,
# SyntaxError attributes, __cause__/__context__/__suppress_context__, notes, raising non-exceptions.
class MyError(Exception):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
    def __str__(self):
        return f"{self.args[0]} (code {self.code})"
try:
    raise MyError("bad", 7)
except MyError as e:
    print(e, repr(e), e.args, e.code, type(e).__mro__)
class E2(ValueError): pass
try:
    raise E2("x", 1)
except ValueError as e:
    print(repr(e), str(e), e.__class__.__name__)
e = KeyError('a'); print(repr(e), str(e), e.args)
print(repr(ValueError()), str(ValueError()), repr(ValueError(1, 2)))
print(str(OSError(2, 'No such file or directory', 'x')), type(OSError(2, 'y')).__name__)
s = SyntaxError('invalid syntax', ('x.py', 3, 4, 'a b c\n', 3, 5))
print(str(s), s.lineno, s.offset, s.text, s.filename, s.msg)
print(SystemExit(3).code, StopIteration(5).value, StopIteration().value)
try:
    try:
        1/0
    except ZeroDivisionError as z:
        raise ValueError("v") from z
except ValueError as v:
    print(repr(v.__cause__), repr(v.__context__), v.__suppress_context__)
try:
    try:
        {}['k']
    except KeyError:
        raise RuntimeError("r")
except RuntimeError as r:
    print(repr(r.__context__), r.__cause__, r.__suppress_context__)
e = ValueError("m")
print(e.__traceback__, e.with_traceback(None) is e)
e.add_note("note1"); print(e.__notes__)
try:
    raise TypeError
except TypeError as t:
    print(repr(t), t.args)
class Bad(Exception):
    def __init__(self): pass
b = Bad(); print(repr(b), b.args)
try: raise 5
except TypeError as e: print(e)
class NotExc: pass
try: raise NotExc
except TypeError as e: print(e)
print(isinstance(MemoryError(), Exception), issubclass(KeyError, LookupError), KeyError.__mro__)
import sys
try:
    raise IndexError("ii")
except IndexError:
    print(sys.exc_info()[0], sys.exc_info()[1])
print(BaseException.__new__(ValueError).args)
x = ValueError(1); x.args = (4, 5); print(x, x.args)
print(ValueError.__name__, ValueError.__qualname__, ValueError.__module__)
print(hash(ValueError) == hash(ValueError), ValueError("a") == ValueError("a"))
