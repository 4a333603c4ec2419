# Checks that freeing the head of a linked chain frees every node, head first (each node's
# __del__ runs, then its attributes are released).
class Node:
    def __init__(self, name, nxt=None):
        self.name = name
        self.next = nxt
    def __del__(self):
        print("free", self.name)

head = Node('n1', Node('n2', Node('n3', Node('n4'))))
print("chain built")
del head
print("chain gone")

class Holder:
    def __init__(self, items):
        self.items = items
    def __del__(self):
        print("free holder with", len(self.items), "items")

h = Holder([Node('x'), Node('y')])
h = None
print("end")
