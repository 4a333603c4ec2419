# Checks the SyntaxError for an empty expression in an f-string (3.11 wording).
x = 1
print(f'{}')
