# Checks SyntaxError for assignment to a function call (3.11 message suggests '==').
f() = 1
