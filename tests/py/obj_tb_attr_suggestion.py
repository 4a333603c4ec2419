# Checks the 'Did you mean' suggestion for a misspelled attribute of an instance.
class Point:
    def __init__(self):
        self.xval = 1
p = Point()
print(p.xvl)
