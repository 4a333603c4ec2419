"""03 - Interning and the small-int cache.

Some objects are created once and reused, so equal values can be the *same*
object.  CPython 3.11 (and pyheap) do this for:

* the small ints -5..256, made once at start-up;
* strings that look like identifiers, when they are written in the source
  (names, attribute names, constants such as 'hello_world');
* the empty string, the empty tuple and every one-character latin-1 string;
* anything passed through sys.intern().

Everything else is a new object each time it is built.  To see the cache we
build the numbers at run time with int(), so that the compiler cannot merge
two equal constants into one.
"""
import sys

print("== Small ints: -5..256 are cached")
for text in ["-6", "-5", "0", "100", "256", "257", "1000"]:
    x = int(text)
    y = int(text)
    print(f"  int({text!r}) is int({text!r}): {x is y}")

print()
print("== Arithmetic results are looked up in the cache too")
n = 200
print("  (n + 56) is (n + 56):", (n + 56) is (n + 56), "  # 256: cached")
print("  (n + 57) is (n + 57):", (n + 57) is (n + 57), "  # 257: two new objects")

print()
print("== Strings written in the source are interned if they look like identifiers")
word = "hello_world"
built = "".join(["hello", "_world"])       # built at run time: not interned
print("  built == word:", built == word, "  built is word:", built is word)
print("  sys.intern(built) is word:", sys.intern(built) is word)

print()
print("== sys.intern makes equal run-time strings share one object")
s1 = "".join(["not an ", "identifier!"])
s2 = "".join(["not an identifier", "!"])
print("  s1 is s2:", s1 is s2)
print("  sys.intern(s1) is sys.intern(s2):", sys.intern(s1) is sys.intern(s2))

print()
print("== Singletons: '', () and one-character strings")
text = "abc"
print("  text[1] is text[1:2]:", text[1] is text[1:2], "  # both the shared 'b'")
print("  text[5:] is '':", text[5:] is "".join([]))
print("  tuple() is ():", tuple() is tuple([]))
print("  chr(200) is chr(200):", chr(200) is chr(200), "  # latin-1: shared")
print("  chr(300) is chr(300):", chr(300) is chr(300), "  # beyond latin-1: new each time")

print()
print("Lesson: compare values with ==.  `is` answers a different question")
print("(same object?), and its answer depends on these caches.")
