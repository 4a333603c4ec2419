# Checks string literal escapes, raw strings, triple quotes, implicit concatenation and repr of each.
s = 'tab\there\nnewline \\ backslash \' quote " dquote'
print(s)
print(repr(s))
print(repr('\a\b\f\v\r\0'), len('\a\b\f\v\r\0'))
print('\x41\x42', '\101\102', '\u00e9', '\U0001F600' == chr(0x1F600), '\N{BULLET}' == '\u2022')
print(r'raw \n stays', R'C:\path\to', len(r'\n'))
print("""triple
quoted "string" """)
print('''single 'triple' ''')
print('implicit' ' ' "concatenation" '!')
print(repr("it's"), repr('say "hi"'), repr('both \' and "'))
print(repr('\u00e9\u20ac'), repr('\x7f'), repr('\x80'), repr('\t'))
x = ('multi-line '
     'implicit '
     'concatenation')
print(x)
print("line \
continuation")
