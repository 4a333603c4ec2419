# Checks the order in which a returning function releases its locals (in order of first assignment,
# parameters first), and that temporaries are freed immediately.
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  free", self.name)

def f(p):
    a = Noisy('a')
    b = Noisy('b')
    c = Noisy('c')
    print("  f returns")

f(Noisy('param'))
print("after f")

print("temporary:")
Noisy('temp').name
print("after temporary")

print("expression statement result:")
len([Noisy('in list')])
print("after expression")
