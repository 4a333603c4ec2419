# Checks building strings: concatenation in loops, join, repetition, reversing, counting characters.
s = ''
for i in range(5):
    s += str(i)
print(s, len(s))
words = ['the', 'quick', 'brown', 'fox']
print(' '.join(w.capitalize() for w in words), ''.join(reversed('stressed')))
counts = {}
for ch in 'mississippi':
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
print('-' * 20)
print('|'.join(f'{w:^7}' for w in words))
vowels = sum(1 for c in 'programming language' if c in 'aeiou')
print(vowels)
caesar = ''.join(chr((ord(c) - 97 + 3) % 26 + 97) if c.isalpha() else c for c in 'hello, world')
print(caesar)
