a b
x = 'unterminated
