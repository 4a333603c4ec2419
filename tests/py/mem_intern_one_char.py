# Checks the one-character string singletons (all 256 latin-1 characters) and the '' singleton.
# Subtlety of 3.11: an ASCII one-character *code constant* such as 'a' is a separately interned
# copy, not the runtime singleton, so chr(97) is 'a' is False (True again on 3.13).
import sys

s = 'abc'
b = 'b'
a = 'a'
print("s[1] is s[1:2]:", s[1] is s[1:2])
print("s[1] is chr(98):", s[1] is chr(98))
print("s[1] is constant 'b':", s[1] is b)
print("chr(97) is constant 'a':", chr(97) is a)
print("sys.intern(chr(98)) is constant 'b':", sys.intern(chr(98)) is b)
print("chr(200) is chr(200):", chr(200) is chr(200))
print("chr(255) is chr(255):", chr(255) is chr(255))
print("chr(256) is chr(256):", chr(256) is chr(256))
print("chr(300) is chr(300):", chr(300) is chr(300))
print("str(7) is str(7):", str(7) is str(7))
e = ''
print("''.join([]) is '':", ''.join([]) is e)
print("s[5:] is '':", s[5:] is e)
print("str() is '':", str() is e)
print("'x' * 0 is '':", ('x' * int('0')) is e)
t = 'hello'
print("t[:] is t:", t[:] is t)
print("str(t) is t:", str(t) is t)
print("'%s' % t is t:", ('%s' % t) is t)
