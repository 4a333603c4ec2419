# Checks exit-time __del__ with sys.exit() inside a function: the exception and its frames are
# released before shut-down, so the function's local goes first; the exit status is kept.
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('del', self.name)

glob = Noisy('global')

def leave():
    local = Noisy('local of the exiting frame')
    import sys
    sys.exit(4)

leave()
