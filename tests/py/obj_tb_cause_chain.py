# Checks 'The above exception was the direct cause' chaining with a user exception class.
class MyError(Exception): pass
def g():
    raise MyError("msg here")
try:
    g()
except MyError as e:
    raise RuntimeError("wrapped") from e
