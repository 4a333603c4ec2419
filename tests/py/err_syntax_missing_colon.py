# Checks the SyntaxError for a missing colon after an if header (nothing runs).
print('this never runs')
x = 3
if x > 2
    print('big')
