@a
def f(): pass
@a.b.c
@d(1, x=2)
@e[0]
def g():
    pass
@x
class C: pass
@(lambda f: f)
def h(): pass
