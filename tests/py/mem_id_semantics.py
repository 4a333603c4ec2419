# Checks id() semantics without printing ids: equal for aliases, different for live distinct objects,
# stable over an object's lifetime, and `is` agreeing with id equality.
a = [1]
b = a
c = [1]
print(id(a) == id(b), id(a) == id(c), (a is b) == (id(a) == id(b)), (a is c) == (id(a) == id(c)))
ident = id(a)
a.append(2)
a.extend(range(100))          # the list's item array moves; the object itself does not
print("id stable after growth:", id(a) == ident)
objs = [object() for _ in range(50)]
print("50 live objects, distinct ids:", len({id(o) for o in objs}) == 50)
print("id is an int:", type(id(a)) is int)
s = 'text'
t = s
print(id(s) == id(t), s is t)
