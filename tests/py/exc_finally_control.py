# Checks that finally runs on return, break and continue, and that a return in finally wins.
def ret():
    try:
        return 'from try'
    finally:
        print(' finally on return')

print(ret())

def override():
    try:
        return 'try'
    finally:
        return 'finally'
print(override())

def swallow():
    try:
        raise ValueError('lost')
    finally:
        return 'finally swallowed the exception'
print(swallow())

for i in range(3):
    try:
        if i == 0:
            continue
        if i == 2:
            break
        print(' body', i)
    finally:
        print(' finally', i)

def count():
    n = 0
    try:
        n += 1
        return n
    finally:
        n += 100
        print(' n in finally', n)
print(count())
