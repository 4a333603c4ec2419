# Checks an uncaught ValueError from int() on bad input.
values = ['1', '2', 'three', '4']
total = 0
for v in values:
    total += int(v)
    print('running total', total)
