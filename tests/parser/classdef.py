class A: pass
class B(): pass
class C(A, B): pass
class D(A, metaclass=M, **kw):
    x = 1
    def m(self):
        return self.x
class E(*bases): pass
