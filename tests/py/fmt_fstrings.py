# Checks f-strings with format specs, conversions, nested fields and the = specifier.
x = 42
pi = 3.14159265
name = 'Ada'
big = 1234567.891
print(f'{x}|{x:>10}|{x:<10}|{x:^10}|{x:*^9}|')
print(f'{pi:.3f}|{pi:10.2f}|{pi:e}|{pi:.2e}|{pi:g}|{pi:%}|{0.5:.1%}|')
print(f'{big:,}|{big:,.2f}|{1000000:,}|{1000000:_}|{255:x}|{255:X}|{255:o}|{255:b}|{255:#x}|{255:#b}|')
print(f'{x:05d}|{-x:05d}|{x:+d}|{x: d}|{x:08.3f}|')
print(f'{name!r}|{name!s}|{name!a}|{"é"!a}|{name:>6}|{name:.2}|')
print(f'{x=}|{pi=:.2f}|{name=}|{x + 1 = }|')
w = 8
p = 2
print(f'{pi:{w}.{p}f}|{name:{w}}|')
print(f'{{literal braces}} {x}')
print(f'{[1, 2][0]} {dict(a=1)["a"]} {"nested " + name}')
print(f'{3.0:n} {1e20} {1e-20:.3g} {True} {None}')
print(f'''{x
}''')
