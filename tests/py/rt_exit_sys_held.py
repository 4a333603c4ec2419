# Checks exit-time __del__ when sys holds an object of a __main__ class: __main__'s objects then
# outlive sys.stdout, so their __del__ output is lost, except for a name added to builtins.
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('del', self.name)

kept = Noisy('in __main__')
import sys
sys.extra = Noisy('added to sys')
import builtins
builtins.extra = Noisy('added to builtins')
print('end of program')
