# Checks container displays and their reprs: list, tuple, dict, set, nested, trailing commas, empty forms.
print([1, 2, 3], [], [[1], [2, [3]]])
print((1,), (), (1, 2), 1, (1))
print({'a': 1, 'b': [2]}, {}, {1: 'one', (2, 3): 'tuple key'})
print({3}, set(), {(1, 2)})
print([1, 2,], (1, 2,), {'x': 1,})
t = 1, 2, 3
print(t, type(t).__name__)
print([*range(3), *'ab'], (*[1, 2], 3), {**{'a': 1}, 'b': 2})
print({*[1, 2, 2]} == {1, 2})
print(repr([None, True, False, 1.5, 'str', b'b']))
print(repr({'k': (1,)}))
