# Checks an uncaught TypeError from a binary operator inside a function; the markers point at the operands.
def combine(count, label):
    return count + label

print(combine(1, 2))
result = combine(3, 'three')
