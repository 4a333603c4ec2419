# Containers hold references to their items; the items keep their own counts.
nums = [1000, 2000]
nums.append(3000)
pair = (nums, 'tag')
table = {'a': nums, 'b': 42}
table['c'] = [7, 8]
last = nums.pop()
del table['a']
nums = None
