# Checks the messages CPython 3.11 gives for common errors (printed as type name and message).
import math
def show(fn):
    try:
        fn()
    except Exception as e:
        print(f"{type(e).__name__}: {e}")

def unbound():
    print(v)
    v = 1

class Thing:
    pass

show(lambda: 1 / 0)
show(lambda: {'a': 1}['b'])
show(lambda: [1, 2, 3][10])
show(lambda: 1 + 'a')
show(lambda: 'a' + 1)
show(lambda: [1] + (2,))
show(lambda: 'a' * 'b')
show(lambda: -'x')
show(lambda: undefined_name)
show(lambda: (5).foo)
show(lambda: Thing().missing)
show(lambda: Thing.missing)
show(lambda: None.attr)
show(lambda: int('x'))
show(unbound)
show(lambda: next(iter([])))
show(lambda: len(5))
nothing = None
text = 'abc'
show(lambda: nothing())
show(lambda: text())
show(lambda: [].pop())
show(lambda: {}.popitem())
show(lambda: [1, 2].index(5))
show(lambda: 'abc'.index('z'))
show(lambda: set().remove(1))
show(lambda: (1, 2)[5])
show(lambda: 'x'[3])
show(lambda: float('abc'))
show(lambda: math.sqrt('x'))
show(lambda: [].remove(0))
show(lambda: abs('x'))
show(lambda: sum(['a', 'b']))
show(lambda: {}[[]])
show(lambda: dict([1, 2]))
show(lambda: (1).__len__())
show(lambda: print(end=5))
show(lambda: chr(-1))
show(lambda: ord('ab'))
show(lambda: range(1, 2, 0))
show(lambda: iter(5))
show(lambda: 2 ** 'x')
show(lambda: object() < object())
