# Checks IndentationError: expected an indented block after 'if' statement on line N.
x = 1
if x:
print('not indented')
