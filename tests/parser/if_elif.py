if a:
    b
elif c:
    d
elif e:
    pass
else:
    f
if x: y
if x: y; z
if x:
    if y:
        pass
    else:
        pass
