# Checks SyntaxError for a decimal literal with a leading zero.
n = 012
