# Checks the SyntaxError for a bracket that is never closed.
total = sum([1, 2, 3
print(total)
