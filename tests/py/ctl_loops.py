# Checks while/for with break, continue and the else clause.
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    print('while', i)
else:
    print('while ended normally')

n = 0
while True:
    n += 1
    if n > 3:
        break
print('broke at', n)

for x in [1, 2, 3]:
    if x == 5:
        break
else:
    print('for-else runs when no break')

for x in [1, 2, 3]:
    if x == 2:
        print('breaking')
        break
else:
    print('not printed')

for i in range(3):
    for j in range(3):
        if j > i:
            break
        print(i, j, end='; ')
print()

for ch in 'abc':
    pass
print('loop variable survives:', ch)
for _ in []:
    print('never')
else:
    print('empty loop else')
count = 0
while count < 3:
    count += 1
else:
    print('while else, count =', count)
