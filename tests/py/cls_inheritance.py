# Checks single inheritance, super().__init__, method overriding, isinstance/issubclass, and the MRO.
class Animal:
    kind = 'animal'
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f'{self.name} makes a sound'
    def describe(self):
        return f'{self.name} is an {self.kind}: {self.speak()}'

class Dog(Animal):
    kind = 'dog'
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return f'{self.name} barks'

class Puppy(Dog):
    def speak(self):
        return super().speak() + ' softly'

a = Animal('generic')
d = Dog('Rex', 'lab')
p = Puppy('Bit', 'pug')
for x in (a, d, p):
    print(x.describe())
print(d.__dict__)
print(isinstance(p, Dog), isinstance(p, Animal), isinstance(d, Puppy), isinstance(d, (int, Dog)))
print(issubclass(Puppy, Animal), issubclass(Animal, Dog), issubclass(Dog, object))
print([c.__name__ for c in Puppy.__mro__])
print(Puppy.__bases__[0].__name__, Animal.__bases__[0].__name__)
print(type(p).__name__, type(p).__base__.__name__)

class Base:
    def __init__(self):
        print(' Base.__init__')
class NoInit(Base):
    pass
class CallsSuper(Base):
    def __init__(self):
        print(' CallsSuper.__init__')
        super().__init__()
NoInit()
CallsSuper()
