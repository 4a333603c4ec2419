# Names are bound to objects; rebinding moves a reference from one object to another.
x = 1000
y = x
x = 2000
small = 5
also_small = 2 + 3
big = 10 ** 20
del y
