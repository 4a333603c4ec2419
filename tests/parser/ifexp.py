x = a if b else c
x = a if b else c if d else e
x = (a if b else c) if d else e
x = lambda: a if b else c
