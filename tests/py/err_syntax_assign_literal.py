# Checks SyntaxError for assignment to a literal.
5 = x
