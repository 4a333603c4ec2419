# Checks an uncaught FileNotFoundError from open() of a missing file (relative name in the message).
print('opening')
with open('does_not_exist.txt') as f:
    print(f.read())
