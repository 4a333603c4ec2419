# Checks an uncaught exception raised as a bare class (no message: the last line is just the name).
def check():
    raise NotImplementedError

check()
