"""07 - Watch me: a short program made to be watched with pyheap's views.

    build/pyheap --trace examples/07_watch_me.py          # what each line does to memory
    build/pyheap --html watch.html examples/07_watch_me.py  # then open watch.html
    build/pyheap --stats examples/07_watch_me.py          # heap and collector totals

Each line does one thing to memory. Step through it and look for: a new
object and its reference count, a second name for the same object, a cached
small int (no allocation at all), a frame pushed with its own names and
popped again, a list that holds references, an object freed the moment its
last reference goes, and a cycle that only the collector can free.
"""
import gc

scores = [90, 85, 95]        # a new list; its ints come from the small-int cache
backup = scores              # no copy: a second name, the list's count goes to 2
total = sum(scores)          # 270 is past the cache's -5..256: a new int object
scores.append(total * 10)    # the list holds a reference to another new int


def average(values):         # calling this pushes a frame with the name `values`
    count = len(values)      # 4 comes from the small-int cache
    return total // count    # the frame is popped on return; its names go


mean = average(scores)       # 67: a cached small int, no allocation
print("total", total, "mean", mean)

backup = None                # the list loses a reference, but `scores` keeps it
scores = None                # last reference gone: the list is freed at once,
                             # and so is 2700, which only the list held


class Pair:
    def __init__(self, name):
        self.name = name
        self.other = None


left, right = Pair("left"), Pair("right")
left.other, right.other = right, left    # a cycle: each keeps the other alive
left = right = None          # no name reaches them, yet both counts are 1
print("collected", gc.collect())         # the collector finds the cycle and frees it
