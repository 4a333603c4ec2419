# Checks the SyntaxError for an unterminated string literal.
print('ok')
name = 'unterminated
print(name)
