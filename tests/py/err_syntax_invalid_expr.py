# Checks the SyntaxError for an invalid expression (two operators in a row / missing operand).
x = 1 +* 2
