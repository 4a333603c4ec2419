# Checks the SyntaxError for an unterminated triple-quoted string.
print('ok')
doc = """starts here
and never ends
