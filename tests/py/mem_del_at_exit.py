# Checks that a global object still alive at the end of the program is finalized at interpreter exit.
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("free", self.name, "at exit")

keep = Noisy('global')
print("last line of the program")
