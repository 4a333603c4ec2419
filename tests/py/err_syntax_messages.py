# SyntaxError messages and positions for compile() of broken sources: the
# specialised messages of CPython 3.11's second parser pass, and the
# "'(' was never closed" rule that can replace a generic error.
cases = [
    "total = sum([1, 2, 3\nprint(total)\n",
    "foo(1 2\n",
    "x = 1 2 (\n",
    "x = y 1 2 (\n",
    "x = 1 2 3 (\n",
    "if x y z (\n",
    "print x y (\n",
    "print x y\n",
    "x = [1, 2\ny = 'unterminated\n",
    "f(a b)\n",
    "[\n1 2\n]\n",
    "[*x for x in y]\n",
    "{*x for x in y}\n",
    "(*x for x in y)\n",
    "f(*x for x in y)\n",
    "f(a, *x for x in y)\n",
    "{**d for d in y}\n",
    "[**x for x in y]\n",
    "[*x, y for x in z]\n",
    "[x, for x in y]\n",
    "{x, y for x in y}\n",
    "[x, y for x in y if]\n",
    "[*x for x in]\n",
    "{1: 2, 3}\n",
    "{1: 2, 3 for x in y}\n",
    "if x y:\n  pass\n",
    "if x\n  pass\n",
    "while x = 1:\n  pass\n",
    "if x.y = 1:\n  pass\n",
    "for x in y z:\n  pass\n",
    "class C x:\n  pass\n",
    "def f() x:\n  pass\n",
    "try:\n  pass\nexcept\n  pass\n",
    "try:\n  pass\nexcept*\n  pass\n",
    "try:\n  pass\nexcept E x:\n  pass\n",
]
for src in cases:
    try:
        compile(src, "<case>", "exec")
    except SyntaxError as e:
        print(repr(src), "->", e.msg, (e.lineno, e.offset, e.end_lineno, e.end_offset))
    else:
        print(repr(src), "-> compiled")
