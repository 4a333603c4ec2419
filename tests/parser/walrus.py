if (n := len(a)) > 10: pass
while (line := f()):
    pass
x = [y := 1, y ** 2]
f(a := 1)
print((x := 5))
