# Building and dropping lists and dicts: allocation and deallocation heavy.
def build(n):
    total = 0
    for i in range(n):
        row = [i, i + 1, i + 2, str(i)]
        d = {"a": i, "b": row, "c": (i, i)}
        total += len(row) + len(d)
    return total

def churn(rounds):
    keep = []
    for r in range(rounds):
        lst = [j * 2 for j in range(1000)]
        dct = {j: lst[j] for j in range(0, 1000, 3)}
        keep.append(sum(dct.values()) - sum(lst))
    return sum(keep)

print(build(300_000))
print(churn(1500))
