# Checks exit-time __del__ after an uncaught exception: sys.last_traceback keeps the failing frame's
# locals alive until shut-down starts; they go before the objects of __main__.
import gc
gc.disable()
gc.collect()

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('del', self.name)

glob = Noisy('global')

def fail():
    local = Noisy('local of the failing frame')
    raise ValueError('boom')

def finished():
    temp = Noisy('local of a finished call')

finished()
fail()
