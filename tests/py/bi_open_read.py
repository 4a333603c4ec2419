# Checks reading a text file: iteration, read(), readlines(), readline(), with-statement, closed files.
with open('data_lines.txt') as f:
    for i, line in enumerate(f):
        print(i, repr(line))
f = open('data_lines.txt')
text = f.read()
f.close()
print(len(text), text.count('\n'), repr(text[:10]))
print(f.closed)
with open('data_lines.txt', 'r') as f:
    lines = f.readlines()
print(len(lines), lines[2])
with open('data_lines.txt') as f:
    print(repr(f.readline()), repr(f.readline().rstrip()))
    rest = f.read()
    print(len(rest.splitlines()))
    print(repr(f.read()), repr(f.readline()))
words = []
with open('data_lines.txt') as f:
    for line in f:
        words.extend(line.split())
print(words)
try:
    open('no_such_file.txt')
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename)
try:
    f.read()
except ValueError as e:
    print(type(e).__name__, e)
with open('data_lines.txt', 'rb') as fb:
    print(fb.read(5))
