# Checks 'Exception ignored in: <function C.__del__ ...>' for an error in __del__ (the program continues).
class C:
    def __del__(self):
        raise ValueError("in del")
def make():
    c = C()
make()
print("after")
