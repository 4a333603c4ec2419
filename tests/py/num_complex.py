# complex: literals, arithmetic, powers, comparison, hash, repr/str,
# attributes, the constructor (numbers and strings) and format().
import sys

inf = float('inf')
nan = float('nan')


def show(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)


print('-- literals and repr')
print(1j, 2.5J, 1 + 2j, -1j, -0j, 0j, 1e16j, 1e-5 + 1e22j)
print(complex(1.5, 0), complex(-0.0, -1), complex(0.0, -0.0), complex(inf, 0), complex(0, inf))
print(complex(nan, nan), complex(-inf, nan), complex(1, -nan), complex(2, 1e300))
print(repr(3 + 4j), str(3 + 4j), [1j, (1 - 1j)], {'k': -2j})
print(type(1j).__name__, isinstance(1j, complex), complex.__name__, type(2.5J))

print('-- layout and identity')
print(sys.getsizeof(1j), sys.getsizeof(complex(1, 2)), (1j).__sizeof__())
a = 1j
b = 1j
print(a is b, +a is a, complex(a) is a, a.__complex__() is a, -(-a) is a)

print('-- arithmetic')
z, w = 3 + 4j, 1 - 2j
print(z + w, z - w, z * w, z / w, -z, +z, abs(z), z.conjugate())
print(z + 1, 1 + z, z - 2.5, 2.5 - z, z * 2, 2 * z, z / 2, 2 / z, z * True)
print(2 * complex(inf, 0), complex(inf, 0) * complex(inf, 0), (1 + 1j) / complex(inf, 1))
print(complex(1e300, 1e300) / complex(1e-300, 1e300), complex(1, 1) / complex(1e-310, 0))
print(show(lambda: 1j / 0), show(lambda: 1j / 0j), show(lambda: 1 / 0j), show(lambda: 1j / 0.0))
print(show(lambda: 1j + 2 ** 2000), show(lambda: abs(complex(1e308, 1e308))))
print(abs(complex(inf, nan)), abs(complex(nan, -inf)), abs(complex(nan, 1)), abs(-0j), abs(complex(3e-320, 4e-320)))
print(bool(0j), bool(-0j), bool(1j), bool(complex(0, nan)), bool(complex(1e-320, 0)))
n = 1j
n += 1
n *= 2
n -= 1j
n /= 2
n **= 2
print(n)

print('-- powers')
for base in [1j, 1 + 1j, -1 + 0j, 2 - 3j, 1.1 + 1.1j, 0.5 + 0.5j]:
    print(base, [base ** k for k in [0, 1, 2, 3, -1, -2]])
print((1.1 + 1.1j) ** 100, (1.1 + 1.1j) ** 101, (1.1 + 1.1j) ** -100, (1.1 + 1.1j) ** 100.0)
print(1j ** 0.5, (1 + 1j) ** (1 + 1j), 2 ** 1j, 2.0 ** (1 + 1j), 1j ** 1j, (-1) ** 0.5)
print(0j ** 0, 0j ** 2, 0j ** 0.5, pow(1j, 2), pow(1 + 1j, 3, None))
print(show(lambda: 0j ** -1), show(lambda: 0j ** 1j), show(lambda: 0j ** -0.5))
print(show(lambda: (1e200 + 0j) ** 2), show(lambda: (1 + 1j) ** 2 ** 70), (1 + 0j) ** 2 ** 70)
print(show(lambda: (-1 + 0j) ** 1e308), complex(inf, 0) ** 2, show(lambda: pow(1j, 2, 3)))

print('-- negative real bases with fractional exponents')
print((-8) ** (1 / 3), (-8.0) ** 0.5, (-1) ** 0.5, pow(-2.5, 1.5), (-1e300) ** -0.5)
print(pow(-8, 1 / 3).real > 0, type((-2.0) ** 0.5).__name__, type((-2.0) ** 2.0).__name__)

print('-- comparison')
print(1j == 1j, 1j != 1j, 1 + 0j == 1, 1 + 0j == 1.0, 1 + 0j == True, 0j == 0, 1j == 1, 1j != 0)
print(2 ** 53 + 1 == complex(2 ** 53 + 1, 0), complex(2 ** 53, 0) == 2 ** 53 + 1, 1j == None, 1j != 'x')
print(complex(nan, 0) == complex(nan, 0), (1 + 2j) in [0, 1 + 2j], [1j, 2].index(2))
for op in ['<', '<=', '>', '>=']:
    print(show(lambda: eval('1j ' + op + ' 2j')), show(lambda: eval('1 ' + op + ' 2j')))

print('-- unsupported operations')
print(show(lambda: 1j // 1), show(lambda: 1j % 1), show(lambda: divmod(1j, 1)), show(lambda: 1j << 1))
print(show(lambda: ~1j), show(lambda: 1j & 1), show(lambda: int(1j)), show(lambda: float(1j)))
print(show(lambda: round(1j)), show(lambda: 1j + 'a'), show(lambda: [1] * 1j), show(lambda: range(1j)))

print('-- hash')
print(hash(1 + 2j), hash(1 + 0j) == hash(1), hash(2.5 + 0j) == hash(2.5), hash(-1 + 0j), hash(complex(0, -1)))
print(hash(complex(1e300, 1e-300)), hash(complex(inf, -inf)), hash(complex(2 ** 61, 0)), hash(-0j))
d = {1: 'int', 2.5: 'float', 3j: 'complex'}
print(d[1 + 0j], d[complex(2.5, 0)], d[3j], len({1, 1.0, 1 + 0j, True}))

print('-- attributes and methods')
z = -1.5 + 2j
print(z.real, z.imag, type(z.real).__name__, (5j).real, z.conjugate(), z.__getnewargs__())
print(show(lambda: setattr(z, 'real', 1)), show(lambda: delattr(z, 'imag')))
print(show(lambda: z.conjugate(1)), show(lambda: z.__complex__(1)), show(lambda: z.__getnewargs__(0)))
print(sorted(k for k in dir(complex) if not k.startswith('__') or k in ('__complex__', '__getnewargs__', '__format__')))

print('-- constructor')
print(complex(), complex(1), complex(1, 2), complex(1.5, -2.5), complex(True, False), complex(1j), complex(1j, 1j))
print(complex(1 + 2j, 3 + 4j), complex(real=1, imag=2), complex(imag=3), complex(2 ** 70, 1), complex(-0.0, -0.0))
print(show(lambda: complex(2 ** 2000)), show(lambda: complex(1, 2, 3)), show(lambda: complex(x=1)))
print(show(lambda: complex(1, real=2)), show(lambda: complex('1', 2)), show(lambda: complex(1, '2')))
print(show(lambda: complex(b'1')), show(lambda: complex([])), show(lambda: complex(1, [])), show(lambda: complex(None)))


class WithComplex:
    def __complex__(self):
        return 5 + 6j


class BadComplex:
    def __complex__(self):
        return 5


class WithFloat:
    def __float__(self):
        return 2.5


class WithIndex:
    def __index__(self):
        return 7


class Sub(complex):
    pass


print(complex(WithComplex()), complex(WithComplex(), 1), complex(WithFloat()), complex(WithIndex()))
print(complex(1, WithFloat()), complex(WithFloat(), WithIndex()), show(lambda: complex(BadComplex())))
s = Sub(1, 2)
print(s, type(s).__name__, type(+s).__name__, type(s * 1).__name__, type(complex(s)).__name__, s == 1 + 2j)
print(hash(s) == hash(1 + 2j), type(Sub('3+4j')).__name__, Sub('3+4j'), isinstance(s, complex))

print('-- constructor from strings')
for text in ['1', '1j', '-1.5+2j', ' (1-2j) ', 'j', '-J', '+j', '1+j', '1-J', '1e5j', '1.5e+3-2.5E-2J',
             'inf', '-infj', 'InfinityJ', 'nanj', '1e500', '1e-500j', '.5j', '5.j', '1_000.5_5j',
             '\u0661+\u0662j', '\u2003(3j)\u00a0', '(j)', '\t\n(\t1+1j\n)\t']:
    print(repr(text), complex(text))
for text in ['', ' ', '()', '1 j', '1 + 2j', '(1+2j', '1+2j)', '1e', '0x1', '1+2j+3j', '++1', '1+-2j',
             'jj', 'j1', '1__0', '_1', '1_', '1_j', '1._5', '1j\x00', '1\u00e9']:
    print(repr(text), show(lambda: complex(text)))

print('-- format')
for spec in ['', '>12', '<12', '^13', '*^15', '+', ' ', '-', 'z', '#', ',', '_', '.0', '.3', '#.0',
             '.2f', '+.2f', '.0f', '#.0f', 'e', '.2E', 'g', 'G', 'n', '#g', '15.3g', 'z.1f', ',.2f', '_g']:
    print(repr(spec), repr(format(1234.5 - 2j, spec)), repr(format(2j, spec)), repr(format(-0.0 - 0.0j, spec)))
print(repr(format(complex(inf, nan), 'F')), repr(format(complex(-inf, 1), '')), repr(format(1 + 1j, '\u20ac^20.2e')))
print(f'{3 + 4j}', f'{3 + 4j!r:>10}', f'{3j:.2f}', '{:^12}'.format(-1j), '%s %r' % (2j, 1 + 1j))
for spec in ['010', '0<10', '=10', 'x', '%', ',n', 'c', '.2d', '10.2fj', ',x', ',_', '.', 'b', '_b']:
    print(repr(spec), show(lambda: format(1 + 2j, spec)))
print(show(lambda: (1j).__format__(1)), show(lambda: (1j).__format__()))
