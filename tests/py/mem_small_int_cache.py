# Checks the small-int cache [-5, 256]: ints built at run time are shared only inside the range.
def same(text):
    return int(text) is int(text)

for t in ['-6', '-5', '-1', '0', '1', '100', '255', '256', '257', '1000', '-100']:
    print(f"int({t!r}) is int({t!r}):", same(t))
