"""01 - Stack and heap: frames hold names, names refer to objects on the heap.

Every function call pushes a *frame* onto the call stack.  A frame holds the
function's local *names*.  A name is not a box that contains a value: it is a
reference to an object, and every object lives on the *heap*.

When a function returns, its frame is popped and its names disappear.  Each
object those names referred to loses one reference; an object whose last
reference is gone is freed at once.  We watch that happen with __del__, which
Python calls just before an object is freed.

Run it:  python3.11 examples/01_stack_and_heap.py   (or with pyheap)
"""


class Tracked:
    """An object that announces its creation and its destruction."""

    def __init__(self, label):
        self.label = label
        print(f"    [heap] created  {label}")

    def __del__(self):
        print(f"    [heap] freed    {self.label}")


def helper():
    print("  -> helper(): new frame pushed")
    temp = Tracked("helper's temp")          # only helper's frame refers to it
    print("  <- helper() returns: its frame is popped")
    # no return value: 'temp' goes away with the frame


def make_and_return():
    print("  -> make_and_return(): new frame pushed")
    result = Tracked("returned object")
    scratch = Tracked("scratch object")
    print("  <- make_and_return() returns 'result'")
    return result                            # the caller receives a reference


def main():
    print("-> main(): new frame pushed")
    keep = Tracked("main's keep")

    print("main calls helper()")
    helper()
    print("back in main: helper's temp is already gone")

    print("main calls make_and_return()")
    got = make_and_return()
    print(f"back in main: 'scratch' was freed, '{got.label}' survives,")
    print("because main's name 'got' now refers to it")

    print("two names, one object:")
    alias = got
    print("    alias is got:", alias is got)
    del got
    print("    after 'del got' the object is still alive (alias refers to it)")
    print("<- main() returns: keep and alias go with main's frame")


main()
print("back at module level: every object made inside main() has been freed")
