# Checks that names are references: mutation through one alias is visible through every alias.
a = [1, 2, 3]
b = a
print("b is a:", b is a, " id equal:", id(a) == id(b))
b.append(4)
print("a after b.append(4):", a)
b[0] = 100
print("a after b[0] = 100:", a)
c = a[:]
print("copy is a:", c is a, " equal:", c == a)
c.append(5)
print("a after c.append(5):", a, " c:", c)

def mutate(lst):
    lst.append('from function')

def rebind(lst):
    lst = ['new list']
    return lst

mutate(a)
print("after mutate(a):", a)
r = rebind(a)
print("after rebind(a):", a, r)

d1 = {'k': [1]}
d2 = d1
d3 = dict(d1)              # shallow copy: the inner list is shared
d2['new'] = 2
d3['k'].append(2)
print(d1, d3)
print("inner list shared:", d1['k'] is d3['k'])

grid = [[0] * 3] * 3       # three references to one row
grid[0][0] = 1
print(grid)
grid2 = [[0] * 3 for _ in range(3)]
grid2[0][0] = 1
print(grid2)
print("rows shared:", grid[0] is grid[1], grid2[0] is grid2[1])
