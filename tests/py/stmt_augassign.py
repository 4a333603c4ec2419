# Checks every augmented assignment operator on ints, floats, lists, strings and attributes/items.
x = 17
x += 3; print(x)
x -= 5; print(x)
x *= 4; print(x)
x //= 7; print(x)
x %= 5; print(x)
x **= 3; print(x)
x /= 2; print(x)
n = 0b1100
n &= 0b1010; print(n)
n |= 0b0001; print(n)
n ^= 0b1111; print(n)
n <<= 3; print(n)
n >>= 2; print(n)
s = 'ab'; s += 'cd'; s *= 2; print(s)
l = [1]; l += [2, 3]; l *= 2; print(l)
l += 'xy'; print(l)
class C:
    v = 1
c = C(); c.v += 10; print(c.v, C.v)
d = {'k': 1}; d['k'] += 1; print(d)
arr = [1, 2, 3]; arr[1] *= 10; print(arr)
f = 1.5; f **= 2; print(f)
m = -7; m //= 2; print(m)
m = -7; m %= 3; print(m)
import operator
print(operator.iadd([1], [2]), operator.imul('a', 3))
