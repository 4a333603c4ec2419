# Checks user-defined iteration via __iter__/__next__, and via __getitem__ alone.
class Countdown:
    def __init__(self, start):
        self.n = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1

print(list(Countdown(4)))
for x in Countdown(2):
    print('tick', x)

class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError(i)
        return i * i
print(list(Squares()), 9 in Squares(), 10 in Squares())

class Bag:
    def __init__(self, items):
        self.items = items
    def __iter__(self):
        return iter(self.items)
b = Bag(['x', 'y'])
print(list(b), sorted(b, reverse=True), list(enumerate(b)), 'x' in b)
it = iter(Countdown(3))
print(next(it), next(it), next(it), next(it, 'done'))
