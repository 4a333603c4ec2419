# Checks name resolution in class bodies: global in a class, nonlocal from methods, class-local names vs closures, comprehensions in classes.
global gx
gx = 1
class K:
    global gy
    gy = 2
    gx = 3
print(gx, gy, K.gx)
def f():
    v = 1
    class C:
        def m(self):
            nonlocal v
            v += 10
            return v
    return C().m(), v
print(f())
def g():
    x = 'g'
    class D:
        x = 'D'
        y = x
        def m(self): return x
    return D.y, D().m()
print(g())
def h():
    a = 1
    class E:
        try:
            print(a)
        except NameError as e:
            print(type(e).__name__, e)
        a = 2
        print(a)
    return a
print(h())
class F:
    __slots__ = ('p',)
    def __init__(self): self.p = 1
print(F().p)
def comp_in_class():
    y = 5
    class G:
        vals = [y + i for i in range(3)]
    return G.vals
print(comp_in_class())
