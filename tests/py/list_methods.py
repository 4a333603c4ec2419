# Checks list methods: append, extend, insert, pop, remove, index, count, sort, reverse, copy, clear.
l = [3, 1, 2]
l.append(4); print(l)
l.extend([5, 6]); l.extend('ab'); print(l)
l.insert(0, 'first'); l.insert(100, 'last'); l.insert(-1, 'before last'); print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove('a'); print(l)
print(l.index(2), l.count(2), [1, 1, 2, 1].count(1), [1, 2, 3, 2].index(2, 2))
nums = [5, 2, 9, 1, 5, 6]
nums.sort(); print(nums)
nums.sort(reverse=True); print(nums)
words = ['banana', 'Apple', 'cherry', 'apple']
words.sort(); print(words)
words.sort(key=str.lower); print(words)
words.sort(key=len, reverse=True); print(words)
nums.reverse(); print(nums)
c = nums.copy(); c.append(0); print(nums, c, c is nums)
c.clear(); print(c, len(c))
print(nums.sort() is None, [].copy(), [[1]] * 2)
try:
    [1].remove(2)
except ValueError as e:
    print(type(e).__name__, e)
try:
    [].pop()
except IndexError as e:
    print(type(e).__name__, e)
try:
    [1].pop(5)
except IndexError as e:
    print(type(e).__name__, e)
x = [1, 2, 3]
x[1:2] = [7, 8, 9]
print(x, x * 2, x + [0], 8 in x, x == [1, 7, 8, 9, 3], [1, 2] < [1, 3])
