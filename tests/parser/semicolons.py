a = 1; b = 2
a; b; c
x = 1;
if x: a; b
for i in x: a; b;
