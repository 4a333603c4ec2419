# Checks that __del__ runs exactly when the last reference goes: del of the only name, or of the last alias.
class Noisy:
    def __init__(self, name):
        self.name = name
        print("create", name)
    def __del__(self):
        print("free", self.name)

a = Noisy('a')
print("before del a")
del a
print("after del a")

b = Noisy('b')
c = b
print("del b (c still refers)")
del b
print("del c")
del c
print("done")
