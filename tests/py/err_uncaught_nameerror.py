# Checks an uncaught NameError for a misspelled name (3.11 adds a "Did you mean" hint).
counter = 1
def show():
    print('counter is', countr)

show()
