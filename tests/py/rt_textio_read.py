# Checks reading text files: universal newlines (\r\n and \r read as \n), UTF-8 decoding with
# read(n) counting characters, binary mode, modes and errors of open(), sys.std* streams.
import sys
f = open('rt_crlf.txt')
print(repr(f.read()))
f.close()
print(f.closed)
with open('rt_crlf.txt') as f:
    print([line for line in f])
with open('rt_utf8.txt', encoding='utf-8') as f:
    print(repr(f.read(2)), repr(f.readline()), repr(f.read(1)), repr(f.readline()), repr(f.readline()))
with open('rt_utf8.txt', 'rb') as f:
    print(f.read())
with open('rt_utf8.txt', 'rb') as f:
    print(f.readline(), f.readline(), f.readline())
with open('rt_crlf.txt', 'r') as f:
    print(f.readlines(), f.readlines())
with open('rt_crlf.txt') as f:
    print(repr(f.readline(3)), repr(next(f)), f.readable(), f.writable())
for mode in ['z', 'rw', 'rr', 'rbt']:
    try:
        open('rt_crlf.txt', mode)
    except ValueError as e:
        print(mode, e)
try:
    open('rt_crlf.txt', 'rb', encoding='utf-8')
except ValueError as e:
    print(e)
try:
    open(1.5)
except TypeError as e:
    print(e)
try:
    open('no_such_dir/x.txt')
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e)
f = open('rt_crlf.txt')
f.close()
for op in [f.read, f.readline, lambda: next(f)]:
    try:
        op()
    except ValueError as e:
        print(e)
try:
    sys.stdout.write(5)
except TypeError as e:
    print(e)
print(sys.stdout.write('written\n'))
print(sys.stdin, sys.stdout, sys.stderr)
print(sys.stdout.name, sys.stdout.mode, sys.stdout.encoding, sys.stdout.closed)
print(repr(open('rt_crlf.txt')).split(' encoding')[0])
