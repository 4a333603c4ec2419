# Integer and float arithmetic in a loop (small ints, mixed int/float).
def run(n):
    total = 0
    acc = 0.0
    for i in range(n):
        total += i * 3 - (i // 7) + (i % 5)
        acc += i * 0.5 - total / (i + 1)
    return total, acc

t, a = run(3_000_000)
print(t, round(a, 3))
