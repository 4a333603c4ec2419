# Checks that a caught exception's traceback keeps the raising frame's locals alive until the
# except block ends (the "as e" name is deleted then).
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  free", self.name)

def fail():
    local = Noisy('local of fail')
    raise KeyError('k')

try:
    fail()
except KeyError as e:
    print("in except block")
print("after except block")

def fail2():
    local = Noisy('local of fail2')
    1 / 0

try:
    fail2()
except ZeroDivisionError:
    print("in except block (no name)")
print("after second except block")
