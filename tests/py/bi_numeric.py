# Checks chr, ord, round, divmod, pow (incl. 3-argument), hex, oct, bin, abs and any/all.
print(chr(65), chr(97), chr(8364), chr(0x1F600) == '\U0001F600', ord('A'), ord('€'), ord('\n'))
print(round(3.14159), round(3.14159, 3), round(-2.5), round(2.5), round(1e20))
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5))
print(pow(2, 10), pow(2, 10, 1000), pow(3, -1, 7), pow(2.0, 3), pow(-8, 1 / 3).real > 0)
print(hex(3735928559), oct(511), bin(10), hex(-1), bin(-10))
print(any([]), all([]), any([0, '', None]), any([0, 1]), all([1, 'a', [0]]), all([1, 0]))
try:
    pow(2, 3, 0)
except ValueError as e:
    print(type(e).__name__, e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print(type(e).__name__, e)
