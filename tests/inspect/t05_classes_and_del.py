# An object is freed the moment its last reference goes; __del__ runs then.
class Box:
    def __init__(self, content):
        self.content = content

    def __del__(self):
        pass

def make():
    inner = Box([1000])
    return Box(inner)

outer = make()
outer.content.content.append(2000)
outer = None
