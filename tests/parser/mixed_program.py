import sys

class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next

    def __repr__(self):
        return f'Node({self.value!r})'

def build(items):
    head = None
    for item in reversed(items):
        head = Node(item, head)
    return head

if __name__ == '__main__':
    h = build([1, 2, 3])
    total = sum(n for n in range(10) if n % 2)
    print(h, total, file=sys.stderr)
