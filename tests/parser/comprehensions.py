x = [i for i in y]
x = [i for i in y if i]
x = [i for i in y if i if j]
x = [(i, j) for i in a for j in b]
x = [i for i in a if i for j in b if j]
x = {i for i in y}
x = {k: v for k, v in d.items()}
x = (i for i in y)
x = [[j for j in i] for i in y]
x = [i for i in (lambda: y)()]
x = [y for x in z if (y := f(x))]
x = [a for a in b if c if d]
x = [i for *a, i in y]
