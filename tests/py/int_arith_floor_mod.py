# Checks floor division and modulo signs with negative operands, divmod, and the identity a == (a//b)*b + a%b.
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3), (-6, 3), (1, 5), (-1, 5)]
for a, b in pairs:
    q, r = a // b, a % b
    print(f"{a:3} // {b:2} = {q:3}   {a:3} % {b:2} = {r:3}   divmod = {divmod(a, b)}  ok={q * b + r == a}")
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7 % -2.5, divmod(-7.5, 2))
print(-0.0 % 5, 5 % float('inf'), -5 % float('inf'))
