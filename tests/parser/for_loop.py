for i in range(10):
    print(i)
for a, b in c: pass
for (a, b) in c: pass
for [a, *b] in c: pass
for x.y in z: pass
for x[0] in z: pass
for i in 1, 2, 3:
    pass
else:
    pass
for i in *a, *b: pass
