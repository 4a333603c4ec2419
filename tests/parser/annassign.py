x: int
x: int = 1
(y): str = 'a'
a.b: list[int] = []
a[0]: float
z: 'T' = yield
