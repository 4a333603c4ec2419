# Checks while loops in small algorithms: gcd, binary search, collatz, digit sums, primes.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a

def bsearch(xs, target):
    lo, hi = 0, len(xs) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        elif xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1

def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps

def primes(limit):
    sieve = [True] * (limit + 1)
    sieve[0] = sieve[1] = False
    i = 2
    while i * i <= limit:
        if sieve[i]:
            for j in range(i * i, limit + 1, i):
                sieve[j] = False
        i += 1
    return [n for n, p in enumerate(sieve) if p]

print(gcd(1071, 462), gcd(17, 5), gcd(0, 9))
data = list(range(0, 100, 3))
print(bsearch(data, 27), bsearch(data, 28), bsearch([], 1))
print([collatz(n) for n in range(1, 15)], collatz(27))
print(primes(60))
n, total = 987654321, 0
while n:
    total += n % 10
    n //= 10
print(total)
