def f(): pass
def f(a): pass
def f(a, b=1): pass
def f(a, /, b, *, c): pass
def f(a, b=1, /, c=2, *args, d, e=3, **kwargs): pass
def f(*, a=1, b): pass
def f(a: int, *b: str, c: 'x' = 1, **d: float) -> bool:
    return True
def f(a, b,): pass
def f(
    a,
    b,
):
    pass
