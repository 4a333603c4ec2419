# Checks class definition, __init__, methods, class vs instance attributes, and obj.__dict__.
class Point:
    dims = 2                      # class attribute
    def __init__(self, x, y):
        self.x = x                # instance attributes
        self.y = y
    def norm2(self):
        return self.x ** 2 + self.y ** 2
    def move(self, dx, dy):
        self.x += dx
        self.y += dy
        return self

p = Point(3, 4)
q = Point(1, 1)
print(p.x, p.y, p.norm2(), Point.norm2(p))
print(p.__dict__, q.__dict__)
p.move(1, 1).move(1, 1)
print(p.__dict__)
print(p.dims, Point.dims, 'dims' in p.__dict__)
p.dims = 3                         # instance attribute shadows the class attribute
print(p.dims, q.dims, Point.dims, p.__dict__)
Point.dims = 10
print(q.dims, p.dims)
del p.dims
print(p.dims)
print(type(p).__name__, type(p) is Point, Point.__name__, Point.__qualname__)
print(sorted(k for k in Point.__dict__ if not k.startswith('__')))
p.extra = 'added later'
print(list(p.__dict__))
print(callable(p.move), hasattr(p, 'x'), hasattr(p, 'z'))
