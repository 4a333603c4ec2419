# Checks that a closure cell keeps a reference to the captured object.
import sys

def make():
    data = [0]
    print("in make      ", sys.getrefcount(data))
    def get():
        return data
    print("with closure ", sys.getrefcount(data))
    return get

g = make()
obj = g()
print("held by cell+obj", sys.getrefcount(obj))
del g
print("closure gone ", sys.getrefcount(obj))
cell_count = make.__code__.co_cellvars
print("cellvars:", cell_count)
