# format() specs for str, int and float, with their error messages.
def show(v, spec):
    try:
        print(repr(spec), repr(format(v, spec)))
    except Exception as e:
        print(repr(spec), type(e).__name__ + ":", e)

for spec in ['', '<6', '>6', '^6', '*^7', '.2', '6.2', '05', '=5', '+', '#', ',', 'd', 'ss']:
    show('text', spec)
for v in [0, 7, -42, 255, 1234567, 10 ** 20, -(2 ** 70)]:
    for spec in ['', 'd', '+d', ' d', 'b', '#b', 'o', '#o', 'x', '#X', ',', '_', '_x', '010,', '08',
                 '^9', '=+9', 'e', '.2f', '%', 'n', 'c' if 0 <= v < 0x110000 else 'x', '.2', ',x']:
        show(v, spec)
for v in [0.0, -0.0, 1.0, 0.5, 2.5, 1 / 3, 1234.5678, 1e16, 1e-7, 123456789.0, float('inf'),
          float('-inf'), float('nan'), -1.25]:
    for spec in ['', '.0', '.1', '.3', 'e', '.2e', 'E', 'f', '.1f', 'F', 'g', '.3g', '#g', 'G', '%',
                 '.1%', ',', '_.2f', '012.3f', '+', ' ', 'z.1f', '#.0f', '>10', '<10', '^10', '=+10',
                 'd', '.3n']:
        show(v, spec)
print(f'{3.14159:.2f} {42:>5} {"x":*^5} {255:#x} {1e6:,.0f} {-0.0:z.1f} {12345:_}')
w, p = 10, 3
print(f'{3.14159:{w}.{p}f}|{"ab":{w}}|{7:0{w}}')
print('{:,}'.format(1234567), '{:>{}}'.format('x', 4), '{0:{1}.{2}}'.format(2.71828, 8, 3))
