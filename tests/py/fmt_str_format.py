# Checks str.format: positional, numbered, keyword, attribute/index fields, specs, format().
print('{} {}'.format('a', 'b'))
print('{1} {0} {1}'.format('a', 'b'))
print('{name} is {age}'.format(name='Eve', age=7))
print('{0[1]} {1[k]}'.format([10, 20], {'k': 'v'}))
print('{:>6}|{:<6}|{:^6}|{:.2f}|{:,}'.format('r', 'l', 'c', 2.71828, 9876543))
print('{!r} {!s}'.format('q', 'q'))
print(format(3.14159, '.2f'), format(42, 'b'), format('x', '>3'), format(1234, ','))
class P:
    x = 5
print('{0.x}'.format(P()))
print('{{}} {}'.format(1))
