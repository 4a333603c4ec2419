# Checks when __del__ runs for objects still alive at exit: a name added to builtins goes first,
# then the collector finalizes what __main__ held, in the order the objects were created.
import gc
gc.disable()
gc.collect()

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('del', self.name)

second = None
first = Noisy('first')
second = Noisy('second')
_private = Noisy('_private')
items = [Noisy('item0'), Noisy('item1')]
table = {'k': Noisy('in dict')}
pair = (Noisy('in tuple'),)
import builtins
builtins.extra = Noisy('added to builtins')
print('end of program')
