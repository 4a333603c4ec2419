# Checks the SyntaxError for an unmatched closing bracket.
values = [1, 2, 3]]
