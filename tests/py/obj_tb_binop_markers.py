# Checks a binary-operation traceback marker (~~~~^~~~) inside a nested call chain.
def ratio(total, count):
    return total / count
def report(values):
    return ratio(sum(values), len(values))
print("start")
report([])
