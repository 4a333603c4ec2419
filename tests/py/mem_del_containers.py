# Checks __del__ timing for objects held in containers: remove, pop, clear, slice delete, dict del.
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  free", self.name)
    def __repr__(self):
        return 'N(' + self.name + ')'

lst = [Noisy('l0'), Noisy('l1'), Noisy('l2'), Noisy('l3')]
print("pop()")
lst.pop()
print("del lst[0]")
del lst[0]
print("kept = lst[0]; lst.clear()")
kept = lst[0]
lst.clear()
print("del kept")
del kept

d = {'x': Noisy('dx'), 'y': Noisy('dy')}
print("del d['x']")
del d['x']
print("d['y'] = 1 (replace)")
d['y'] = 1

t = (Noisy('t0'), Noisy('t1'))
print("del t")
del t

s = [Noisy('s0'), Noisy('s1'), Noisy('s2')]
print("s[0:2] = []")
s[0:2] = []
print("s = None")
s = None
print("end")
