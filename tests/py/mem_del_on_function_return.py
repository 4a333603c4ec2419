# Checks that a function's locals are released when it returns (and a returned object survives).
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  free", self.name)

def work():
    tmp = Noisy('local tmp')
    keep = Noisy('returned')
    print("  inside work")
    return keep

print("call work()")
r = work()
print("work() returned; r is", r.name)
del r
print("after del r")

def nested():
    def inner():
        x = Noisy('inner local')
        print("  inner returns")
    inner()
    print("  back in nested")
    y = Noisy('nested local')
    print("  nested returns")

nested()
print("after nested()")

def exits_by_exception():
    z = Noisy('local of raising function')
    raise ValueError('boom')

try:
    exits_by_exception()
except ValueError as e:
    print("caught", e)
print("after the except block")
