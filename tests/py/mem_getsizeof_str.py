# Checks sys.getsizeof of strings: ASCII compact (48 + len + 1), latin-1 / UCS-2 / UCS-4 compact (72 + ...).
import sys

for s in ['', 'a', 'ab', 'hello', 'x' * 100, '\xe9', '\xe9\xe9', 'caf\xe9',
          '\u20ac', '\u20ac' * 3, 'a\u20ac', '\U0001F600', '\U0001F600' * 2, 'ab\U0001F600']:
    print(len(s), sys.getsizeof(s))
