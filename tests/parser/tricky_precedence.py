x = a if b or c and not d else e
x = not a == b
x = -a ** -b
x = a ** b ** -c ** d
x = a + b * c ** d
x = a | b ^ c & d << e + f * g ** h
x = (a, b) == (c, d)
x = a < b | c
x = lambda: a or b
x = [a, b][c](d).e
x = a if b else lambda: c
x = await_ ** 2
x = 1 .real
x = 1.0.real
