try:
    a
except:
    b
try:
    a
except E:
    b
except (E1, E2) as e:
    c
else:
    d
finally:
    e
try:
    pass
finally:
    pass
