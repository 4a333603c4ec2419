# Checks interning of string constants: identifier-like constants are interned at compile time,
# constants with other characters are not (but equal constants in one file are merged anyway).
import sys

def ident():
    return 'hello_world_123'

def spaced():
    return 'hello world'

x = 'hello_world_123'
y = 'hello world'
print("same identifier-like constant in two code objects:", ident() is x)
print("same spaced constant in two code objects (merged):", spaced() is y)

built_ident = ''.join(['hello_', 'world_123'])
built_space = ''.join(['hello ', 'world'])
print("runtime-built identifier is constant:", built_ident is x, built_ident == x)
print("runtime-built spaced is constant:", built_space is y, built_space == y)
print("sys.intern(built identifier) is constant:", sys.intern(built_ident) is x)
print("sys.intern(built spaced) is constant:", sys.intern(built_space) is y)
print("sys.intern(built spaced) is built_space:", sys.intern(built_space) is built_space)

def f():
    pass
print("function name is interned:", f.__name__ is sys.intern(''.join(['', 'f'])))
