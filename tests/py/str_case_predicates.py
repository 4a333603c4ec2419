# Checks case conversion (upper/lower/title/capitalize/swapcase/casefold) and is* predicates.
s = 'hello WORLD, it\'s 2024'
print(s.upper(), '|', s.lower(), '|', s.title(), '|', s.capitalize(), '|', s.swapcase())
print('ß'.upper(), 'ÀÉ'.lower(), 'Straße'.casefold(), 'mIxEd'.capitalize())
for v in ['123', '12.3', 'abc', 'aBc', 'ABC', 'abc123', ' ', '', ' \t\n', 'Title Case', '½', '٣']:
    print(repr(v), v.isdigit(), v.isalpha(), v.isspace(), v.isalnum(), v.isupper(), v.islower(),
          v.istitle(), v.isdecimal(), v.isnumeric(), v.isidentifier())
