x = a and b
x = a or b
x = a and b and c
x = a or b or c
x = a and b or c and d
x = not a
x = not not a
x = not a and not b or c
