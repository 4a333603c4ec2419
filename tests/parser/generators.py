def g():
    yield
    yield 1
    yield 1, 2
    x = yield
    x = yield 1
    yield from g()
    x = yield from g()
    await_ = (yield)
    f((yield))
    return (yield x)
