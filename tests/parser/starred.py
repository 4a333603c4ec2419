a, *b = c
*a, = b
[*a] = b
print(*a)
x = [*a]
x = {*a}
x = (*a,)
for *a, b in c: pass
