# Checks a traceback through three nested function calls ending in ZeroDivisionError, with ~^~ markers.
def average(values):
    return total(values) / len(values)

def total(values):
    return sum(values)

def report(values):
    print('reporting on', values)
    return average(values)

print(report([1, 2, 3]))
print(report([]))
