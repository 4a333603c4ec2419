# Checks the gc module's functions: referents/referrers, callbacks (an error in one is reported
# and the collection goes on), collect() from inside a callback, counts, and argument errors.
import gc
gc.disable()
gc.collect()
print(gc.get_referents([1, 'a', (2,)]), gc.get_referents(1, [2]), gc.get_referents())
d = {'a': [1]}
print(sorted(map(repr, gc.get_referents(d))))
x = []
y = [x]
print(any(r is y for r in gc.get_referrers(x)), gc.get_referrers())
def bad(phase, info):
    raise ValueError('boom ' + phase)
gc.callbacks.append(bad)
print(gc.collect())
gc.callbacks.remove(bad)
def nested(phase, info):
    print('nested collect returns', gc.collect(), phase)
gc.callbacks.append(nested)
gc.collect()
gc.callbacks.clear()
print(gc.is_tracked([]), gc.is_tracked(1), gc.is_finalized([]))
for g in (0, 1, 2):
    gc.collect(g)
    print(g, gc.get_count())
print(len(gc.get_stats()), type(gc.get_objects()))
try:
    gc.get_objects(-2)
except ValueError as e:
    print(e)
print(len(gc.get_objects(-1)) > 0, len(gc.get_objects(None)) > 0)
for c in ['gc.set_debug()', 'gc.set_debug("a")', 'gc.collect(1, 2)', 'gc.collect(2.0)',
          'gc.collect(generation=None)', 'gc.get_objects(1, 2)', 'gc.get_objects("a")',
          'gc.is_tracked()', 'gc.is_finalized(1, 2)', 'gc.set_threshold(1, 2, 3, 4)',
          'gc.set_threshold("a")', 'gc.enable(1)', 'gc.get_count(1)', 'gc.freeze(1)',
          'gc.collect(x=1)', 'gc.get_stats(1)', 'gc.is_tracked(x=1)', 'gc.set_threshold(x=1)']:
    try:
        print(c, '=>', eval(c))
    except Exception as e:
        print(c, '->', type(e).__name__ + ':', e)
gc.enable()
class A:
    def __del__(self):
        print('A del')
a = A(); a.self = a; del a
keep = [[] for i in range(2000)]
print('done')
