# Checks getattr/setattr/hasattr/delattr, __getattr__ fallback, __setattr__ hooks and vars().
class Obj:
    pass
o = Obj()
setattr(o, 'color', 'red')
print(getattr(o, 'color'), getattr(o, 'size', 'no size'), hasattr(o, 'color'), hasattr(o, 'size'))
delattr(o, 'color')
print(hasattr(o, 'color'), vars(o))
try:
    getattr(o, 'color')
except AttributeError as e:
    print(type(e).__name__, e)

class Dyn:
    def __init__(self):
        self.real = 1
    def __getattr__(self, name):
        return f'computed {name}'
d = Dyn()
print(d.real, d.anything, getattr(d, 'other'))

class Logged:
    def __setattr__(self, name, value):
        print(f' set {name} = {value!r}')
        super().__setattr__(name, value)
l = Logged()
l.x = 5
l.y = [1]
print(vars(l))
