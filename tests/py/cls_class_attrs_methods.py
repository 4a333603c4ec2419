# Checks class-level state shared by instances, staticmethod, classmethod, property, and getattr on classes.
class Counter:
    created = 0
    registry = []
    def __init__(self, name):
        Counter.created += 1
        self.registry.append(name)      # mutates the shared class-level list
        self.name = name
    @classmethod
    def make(cls, name):
        return cls(name.upper())
    @staticmethod
    def helper(x):
        return x * 2
    @property
    def shout(self):
        return self.name + '!'

a = Counter('a')
b = Counter.make('b')
print(Counter.created, Counter.registry, a.registry is b.registry)
print(Counter.helper(21), a.helper(1), b.shout)
try:
    b.shout = 'x'
except AttributeError as e:
    print(type(e).__name__, e)

class Temp:
    def __init__(self):
        self._c = 0
    @property
    def c(self):
        return self._c
    @c.setter
    def c(self, v):
        print(' setting c to', v)
        self._c = v
t = Temp()
t.c = 25
print(t.c, t.__dict__)
print(type(a.make).__name__, type(Counter.helper).__name__, type(a.__init__).__name__)
