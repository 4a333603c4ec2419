# Checks the SyntaxError for mismatched brackets.
pairs = {'a': [1, 2)}
