# Identifier-like constants are interned; built strings are new objects.
greeting = 'hello'
same = 'hello'
spaced = 'hello world'
built = greeting + ' world'
letter = built[0]
upper = built.upper()
