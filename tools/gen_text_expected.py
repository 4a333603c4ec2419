#!/usr/bin/env python3.11
"""Writes tests/unit/text_expected.txt: cases for tests/unit/test_text.c with
CPython 3.11's answers.

    python3.11 tools/gen_text_expected.py > tests/unit/text_expected.txt

One case per line, fields separated by TAB:

    OP  ARG...  =>  RESULT

Each field is text with the escapes \\t \\n \\r \\\\ and \\xHH (for other
control characters); everything else is UTF-8. An argument carries its type
in a prefix: s:TEXT (str), i:DIGITS (int), f:REPR (float), n: (None),
b:HEX (bytes), T:A|B|C (tuple of str, '|' separated, for startswith),
B:HEX|HEX (tuple of bytes).
RESULT is repr() of the value, or !ExceptionName: message.

Operations:
    fmt   VALUE SPEC          format(VALUE, SPEC)
    pct   FMT ARG...          FMT % (ARG, ...)   (pct1: FMT % ARG, one non-tuple arg)
    bpct  BFMT ARG...         bytes FMT % (ARG, ...)
    sfmt  FMT ARG...          FMT.format(ARG, ...)
    repr  VALUE               repr(VALUE)
    m     NAME SELF ARG...    SELF.NAME(ARG, ...)   (str and bytes methods)
    new   ARG...              str(ARG, ...)
    bnew  ARG...              bytes(ARG, ...)
"""
import sys


def esc(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif o < 32 or o == 127:
            out.append("\\x%02x" % o)
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    return "".join(out)


def arg(v):
    if v is None:
        return "n:"
    if isinstance(v, bool):
        return "i:%d" % v  # only where an int behaves the same
    if isinstance(v, int):
        return "i:%d" % v
    if isinstance(v, float):
        return "f:" + repr(v)
    if isinstance(v, str):
        return "s:" + v
    if isinstance(v, bytes):
        return "b:" + v.hex()
    if isinstance(v, tuple):
        return "T:" + "|".join(v)
    raise TypeError(type(v))


def result(f):
    try:
        return repr(f())
    except Exception as e:
        return "!%s: %s" % (type(e).__name__, e)


def emit(op, args, f):
    fields = [op] + [arg(a) for a in args]
    print("\t".join(esc(x) for x in fields + ["=>", result(f)]))


def emit_m(name, self, *args):
    fields = ["m", name, arg(self)] + [arg(a) for a in args]
    print("\t".join(esc(x) for x in fields + ["=>", result(lambda: getattr(self, name)(*args))]))


# ---- format(value, spec) -------------------------------------------------------------

STR_SPECS = ["", "d", "05", "=5", "+", " s", "#", ",", "_", ".1", ">5.1s", "x<5", "\u20ac^6", "^7",
             "10000000000000000000000", ".", "5.", "ss", "z", "z5", "<", "s", ".0", "\x01", "-"]
INT_SPECS = ["", "d", "b", "o", "x", "X", "#b", "#o", "#x", "#X", "c", "n", ",", "_", "_b", ",b",
             ",x", "_x", "08,", "010_", "+", " ", "-", "=+8", "^8", ".2", "s", "e", "f", "%", "g",
             ",_", "_,", ",,", ",n", "_n", "z", "#c", "+c", ",c", "-08", "0=8", "#010x", "E", "G",
             ".3e", "=8", "q", "015,", "012,", "_o", "12,", "<08", "^+9", "#_b", "*^12,", "cx"]
FLOAT_SPECS = ["", ".3", ".0", "g", ".2g", "e", ".2e", "f", ".2f", "%", ".2%", "G", "E", "F", "n",
               ",", "_.3f", "010.2f", "+", " ", "z.1f", "#", "#.0f", "#g", "#.3g", ".1", "10",
               "<10", "^10.2", "=+12.3", ",.2f", "#e", ".0e", "d", "x", ".20f", ".17g", "z",
               "z.0f", "#.0e", "#.3", ".5", "015,.2f", "_", ".12"]
FLOATS = [1.0, 1e16, 1.5e-7, 123456.789, -0.0, 0.1, 1e22, 2.5, 3.5, float("inf"), float("-inf"),
          float("nan"), 1 / 3, 12345678901234567890.0, 1e-5, 0.0001, 9.995, -1234.5, 1e300,
          5e-324, 100.0, 12.0]
INTS = [0, 42, -42, 1234567, 2 ** 100, -(2 ** 64), 255, 65, 0x20AC]

for v in ["ab", "", "h\u00e9llo", "\u20ac"]:
    for s in STR_SPECS:
        emit("fmt", [v, s], lambda v=v, s=s: format(v, s))
for v in INTS:
    for s in INT_SPECS:
        emit("fmt", [v, s], lambda v=v, s=s: format(v, s))
for v in FLOATS:
    for s in FLOAT_SPECS:
        emit("fmt", [v, s], lambda v=v, s=s: format(v, s))

# ---- printf-style ------------------------------------------------------------------------

PCT = [
    ("%s %d", (1,)), ("%s", (1, 2)), ("%d", ("x",)), ("%x", (1.5,)), ("%d", (1.7,)),
    ("%f", ("x",)), ("%c", ("ab",)), ("%c", (0x110000,)), ("%c", (1.5,)), ("%y", (1,)),
    ("%", (1,)), ("abc", ()), ("%*d|%-*d|%.*f", (5, 1, 4, 2, 2, 3.14159)), ("%*d", ("x", 1)),
    ("%#x %#o %#X %+d % d %05d %-5d| %.3d %5.3d %x", (255, 8, 255, 5, 5, -42, 3, 7, 7, -255)),
    ("%e %E %g %G %.2f %10.3f %-10.1e| %#g %#.0f %F",
     (1234.5, 0.00012, 1e-5, 1e20, 3.14159, 2.5, 12345.678, 1.0, 2.0, float("inf"))),
    ("%s %r %a", ("\u00e9", "\u00e9", "\u00e9")), ("%5s|%-5s|%.2s", ("abc", "ab", "xyz")),
    ("%c%c", (65, "\u00e9")), ("%i %u", (3, 7)), ("%%%s%%", (1,)), ("%5%", ()), ("%5%", (1,)),
    ("%d", (2 ** 70,)), ("%x", (-2 ** 70,)), ("%.0f %.0f %.0f", (0.5, 1.5, 2.5)),
    ("%d", (None,)), ("%s %s", (1,)), ("%ld", (5,)), ("%a", ("x",)),
    ("%05f|%-6f|%+f|%06.1f|%-06d|%#5x|%05s", (float("inf"), float("nan"), float("-inf"), -2.5, 3, 0, "ab")),
    ("%.*f", (-1, 1.5)), ("%5c|%-3c|", ("x", 65)), ("%#.3o %#x %.0e %#.0e %g %#g", (8, 0, 5.5, 5.5, 100000.0, 0.0)),
    ("%r", (None,)), ("%\u00e9", (1,)), ("%(a)s", ()), ("%s", ("\u20ac",)), ("%-*s|", (-4, "a")),
    ("%.3s|%5.1s|", ("\u20acuro", "xyz")), ("%+.2e", (-0.0,)), ("%o", (-8,)),
]
for f, a in PCT:
    emit("pct", [f] + list(a), lambda f=f, a=a: f % a)
for f, a in [("%s", 5), ("abc", 5), ("%d", 5), ("%s", None), ("%s %s", "ab"), ("%r", "x")]:
    emit("pct1", [f, a], lambda f=f, a=a: f % a)

# ---- str.format ---------------------------------------------------------------------------

SFMT = [
    ("{} {}", (1,)), ("{0} {}", (1, 2)), ("{} {0}", (1, 2)), ("{x}", (1,)), ("{", (1,)),
    ("}", (1,)), ("{0", (1,)), ("{0!}", (1,)), ("{0!x}", (1,)), ("{0!rr}", (1,)), ("{0.}", (1,)),
    ("{0[}", (1,)), ("{:{}}", ("ab", 5)), ("{0:{1:{2}}}", ("a", 5, 1)),
    ("{0:{1:{2:{3}}}}", ("a", 5, 1, 1)), ("{!r:>5}", ("a",)), ("{0!a}", ("\u00e9",)),
    ("{{}} {{{0}}}", (1,)), ("{0}}", (1,)), ("{0:}", (1,)), ("{0x}", (1,)), ("{-1}", (1,)),
    ("{ }", (1,)), ("{:d}", ("a",)), ("{0:%}", (0.5,)), ("{:s}", (1,)), ("{:>{}.{}f}", (3.14159, 10, 2)),
    ("{1}{0}{1}", ("a", "b")), ("{0:^9,}", (1234567,)), ("{!s:*<6}", ("\u20ac",)), ("{:x<4}{:}", (1, 2)),
    ("{0!}}", (1,)), ("{!", (1,)), ("{0!r", (1,)), ("{0:", (1,)), ("{0:{", (1,)), ("{0[0]x}", ("ab",)),
    ("a{{b", ()), ("a}}b", ()), ("{:}", ("",)), ("{0!s:{1}}", (3, 4)), ("{2}", (1,)),
]
for f, a in SFMT:
    emit("sfmt", [f] + list(a), lambda f=f, a=a: f.format(*a))

# ---- repr ------------------------------------------------------------------------------------

for v in ["", "a", "'", '"', "'\"", "\x00\x7f\x80\xa0\xad\u2028\ud800\U0001f600\U000e0001 \u00e9'\"",
          "\\", "\t\n\r", "\u0378", "\U0010ffff", "\ue000", "\u3000", "\u00a0x", "caf\u00e9",
          "\u4e2d\u6587", "\U0001d11e", "\ufeff", "\u200b"]:
    emit("repr", [v], lambda v=v: repr(v))
for v in [b"", b"a'b", b"a'\"b", b"\x00\xff\\\t\n\r\x7f ", b'"']:
    emit("repr", [v], lambda v=v: repr(v))

# ---- str methods ----------------------------------------------------------------------------------

M = [
    ("split", "  a  b  ", ()), ("split", "  a  b  ", (None, 1)), ("split", "a,b,,c", (",",)),
    ("split", "a,b,,c", (",", 1)), ("split", "", ()), ("split", "", (",",)), ("split", "a", ("",)),
    ("split", "a b", (1,)), ("split", "a\u3000b\x1cc", ()), ("split", "abc", (None, 0)),
    ("rsplit", "  a  b  ", (None, 1)), ("rsplit", "a,b,,c", (",", 2)), ("rsplit", "a,b", (",", 0)),
    ("rsplit", "aaa", ("aa",)), ("split", "aaa", ("aa",)),
    ("splitlines", "a\r\nb\rc\nd\x0be\x1cf\u2028g\x85h", ()), ("splitlines", "a\r\nb\rc\n", (True,)),
    ("splitlines", "", ()), ("splitlines", "\n\n", ()), ("splitlines", "ab", ("x",)),
    ("strip", "  ab  ", ()), ("strip", "xxabyx", ("xy",)), ("lstrip", "  ab  ", ()),
    ("rstrip", "  ab  ", ()), ("strip", "a", (1,)), ("strip", "\u3000a\u3000", ()),
    ("strip", "abc", (None,)), ("rstrip", "abcc", ("c",)),
    ("replace", "aaa", ("a", "bb", 2)), ("replace", "ab", ("", "-")), ("replace", "ab", ("", "-", 2)),
    ("replace", "abc", ("x", "y")), ("replace", "a", (1, "x")), ("replace", "a", ("a", 2)),
    ("replace", "h\u00e9llo", ("l", "\u20ac")), ("replace", "aaaa", ("aa", "")),
    ("find", "abcabc", ("c",)), ("find", "abcabc", ("c", 3)), ("find", "abcabc", ("c", -2)),
    ("find", "abc", ("", 3)), ("find", "abc", ("", 4)), ("find", "abc", (1,)),
    ("find", "abc", ("a", "x")), ("rfind", "abcabc", ("c",)), ("rfind", "abcabc", ("c", 0, 5)),
    ("index", "abc", ("x",)), ("rindex", "abcb", ("b",)), ("find", "\u20acab\u20ac", ("b\u20ac",)),
    ("find", "abc", ("\u20ac",)), ("count", "aaaa", ("aa",)), ("count", "abc", ("",)),
    ("count", "abc", ("", 1, 2)), ("count", "abc", ("", 5)), ("count", "abc", ()),
    ("startswith", "abc", ("ab",)), ("startswith", "abc", (("x", "a"),)), ("startswith", "abc", (1,)),
    ("startswith", "abc", ("", 3)), ("startswith", "abc", ("", 4)), ("endswith", "abc", ("bc", 0, 2)),
    ("endswith", "abc", ("bc", -2)), ("startswith", "abc", ("b", 1)),
    ("upper", "h\u00e9llo \u00df", ()), ("lower", "H\u00c9LLO \u0130", ()), ("lower", "\u0391\u03a3 \u0391\u03a3\u0391 \u03a3", ()),
    ("upper", "\u00dfa\ufb01", ()), ("title", "\u00dfa\ufb01 \u01c6a", ()), ("title", "hello wORLD it's", ()),
    ("capitalize", "\u01c6a", ()), ("capitalize", "hELLO", ()), ("swapcase", "\u00df\u03a3", ()),
    ("swapcase", "Hello", ()), ("casefold", "\u00df\u03a3", ()), ("casefold", "ABC", ()), ("upper", "", ()),
    ("upper", "abc", (1,)),
    ("istitle", "Hello World", ()), ("istitle", "\u01c5", ()), ("isupper", "\u01c5", ()),
    ("isupper", "ABC1", ()), ("islower", "abc1", ()), ("islower", "1", ()), ("isupper", "", ()),
    ("isnumeric", "\u00bd\u00b23", ()), ("isdigit", "\u00bd\u00b23", ()), ("isdecimal", "\u00bd\u00b23", ()),
    ("isdecimal", "\u0661\u0662", ()), ("isalpha", "ab\u00e9\u4e2d", ()), ("isalpha", "a1", ()),
    ("isalnum", "a1\u00bd", ()), ("isspace", " \t\u3000", ()), ("isspace", "", ()),
    ("isidentifier", "_a1", ()), ("isidentifier", "1a", ()), ("isidentifier", "\u00e9t\u00e9", ()),
    ("isidentifier", "", ()), ("isprintable", "ab\n", ()), ("isprintable", "", ()),
    ("isprintable", "\u00e9\u20ac", ()), ("isascii", "abc", ()), ("isascii", "\u00e9", ()),
    ("center", "abc", (8, "*")), ("center", "abc", (6, "*")), ("center", "ab", (5, "*")),
    ("center", "a", (5, 1)), ("center", "a", ("x",)), ("center", "a", (5, "xx")), ("ljust", "a", (3,)),
    ("rjust", "a", (3, "\u20ac")), ("ljust", "abc", (2,)), ("zfill", "-12", (6,)), ("zfill", "+", (3,)),
    ("zfill", "abc", (2,)), ("zfill", "12", (5,)),
    ("partition", "a,b,c", (",",)), ("rpartition", "a,b,c", (",",)), ("partition", "abc", ("x",)),
    ("rpartition", "abc", ("x",)), ("partition", "abc", ("",)), ("partition", "abc", (1,)),
    ("expandtabs", "a\tb\n\tcd\r\te", ()), ("expandtabs", "a\tb", (0,)), ("expandtabs", "a\tb", (-1,)),
    ("expandtabs", "ab\tc", (3,)),
    ("removeprefix", "abc", ("ab",)), ("removeprefix", "abc", ("x",)), ("removesuffix", "abc", ("bc",)),
    ("removesuffix", "abc", (1,)),
    ("join", ",", (["a", "b", "c"],)), ("join", ",", (["a", 1],)), ("join", "", ([],)),
    ("join", "\u20ac", (["a", "b"],)), ("join", ",", (["\u00e9"],)),
    ("encode", "h\u00e9llo", ()), ("encode", "h\u00e9llo", ("latin-1",)), ("encode", "h\u00e9llo", ("ascii",)),
    ("encode", "a\u00e9\u00e9b", ("ascii",)), ("encode", "a\u00e9\u20ac", ("latin-1",)),
    ("encode", "a\u00e9", ("ascii", "replace")), ("encode", "a\u00e9", ("ascii", "ignore")),
    ("encode", "a\u00e9\U0001f600", ("ascii", "xmlcharrefreplace")),
    ("encode", "a\u00e9\u20ac\U0001f600", ("ascii", "backslashreplace")), ("encode", "a\u00e9", ("ascii", "foo")),
    ("encode", "a", ("ascii", "foo")), ("encode", "a", ("foo",)), ("encode", "\ud800", ()),
    ("encode", "a\ud800\udc00b", ()), ("encode", "a\udcffb", ("utf-8", "surrogateescape")),
    ("encode", "\ud800", ("utf-8", "surrogatepass")), ("encode", "\U0001f600", ("UTF8",)),
    ("encode", "x", ("Latin1",)),
    ("__sizeof__", "abc", ()), ("__sizeof__", "\u00e9", ()), ("__sizeof__", "\u20ac", ()),
    ("__sizeof__", "\U0001f600", ()), ("__sizeof__", "", ()),
    ("translate", "abc", ({97: "xy", 98: None, 99: 0x110000},)),
]
for name, self, a in M:
    if any(isinstance(x, (list, dict)) for x in a):
        continue
    emit_m(name, self, *a)

# ---- bytes ----------------------------------------------------------------------------------------

BM = [
    ("decode", b"h\xc3\xa9llo", ()), ("decode", b"\xff", ()), ("decode", b"a\xff\xfe", ("ascii",)),
    ("decode", b"\xe2\x82", ()), ("decode", b"\xe2\x28", ()), ("decode", b"\xed\xa0\x80", ()),
    ("decode", b"\xf4\x90\x80\x80", ()), ("decode", b"\xc0\x80", ()), ("decode", b"\xf0\x9f", ()),
    ("decode", b"\xf0\x9f\x98", ()), ("decode", b"\xf0\x9f\x98x", ()),
    ("decode", b"a\xf0\x9f\x98", ("utf-8", "replace")), ("decode", b"a\x80\x80", ("utf-8", "replace")),
    ("decode", b"a\xe2\x82", ("utf-8", "replace")), ("decode", b"a\x80\x81", ("utf-8", "backslashreplace")),
    ("decode", b"a\xffb", ("utf-8", "surrogateescape")), ("decode", b"a\xffb", ("utf-8", "ignore")),
    ("decode", b"\xed\xa0\x80", ("utf-8", "surrogatepass")), ("decode", b"a\xff", ("latin-1",)),
    ("decode", b"a\xff", ("utf-8", "foo")), ("decode", b"a", ("foo",)), ("decode", b"\xf0\x9f\x98\x80", ()),
    ("hex", b"ab\xff", ()), ("hex", b"abc", (":",)), ("hex", b"abcdef", (":", 2)), ("hex", b"abcde", (":", -2)),
    ("hex", b"", ()),
    ("split", b"a,b", (b",",)), ("split", b"a b  c", ()), ("split", b"a,b", (",",)), ("split", b" a b ", (None, 1)),
    ("strip", b"  ab  ", ()), ("strip", b"xxabxx", (b"x",)), ("strip", b"xxabxx", ("x",)),
    ("lstrip", b"  ab  ", ()), ("rstrip", b"  ab  ", ()),
    ("replace", b"aaa", (b"a", b"b", 2)), ("replace", b"ab", (b"", b"-")), ("replace", b"ab", (b"x", b"y")),
    ("find", b"abc", (b"c",)), ("find", b"abc", (99,)), ("find", b"abc", ("c",)), ("find", b"abc", (300,)),
    ("rfind", b"abcabc", (b"b",)), ("index", b"abc", (b"x",)), ("rindex", b"abcb", (b"b",)),
    ("count", b"abcabc", (b"bc",)), ("count", b"abc", (b"",)), ("count", b"aaa", (97,)),
    ("startswith", b"abc", (b"ab",)), ("startswith", b"abc", ("ab",)), ("endswith", b"abc", ((b"x", b"c"),)),
    ("upper", b"aBc\xe9", ()), ("lower", b"aBc\xc9", ()), ("__sizeof__", b"ab", ()), ("__sizeof__", b"", ()),
    ("center", b"hello", (11, b"*")), ("center", b"ab", (5,)), ("center", b"ab", (5, "*")),
    ("center", b"ab", (5, b"**")), ("ljust", b"ab", (4,)), ("rjust", b"ab", (4, b"-")), ("ljust", b"abc", (2,)),
    ("zfill", b"-12", (6,)), ("zfill", b"+", (3,)), ("zfill", b"7", ("x",)),
    ("expandtabs", b"a\tb\n\tc", ()), ("expandtabs", b"ab\tc", (3,)),
    ("capitalize", b"hELLO wORLD", ()), ("title", b"they're \xe9x ab", ()), ("swapcase", b"Hello \xe9", ()),
    ("isalnum", b"a1", ()), ("isalnum", b"", ()), ("isalpha", b"\xe9", ()), ("isascii", b"\xe9", ()),
    ("isascii", b"", ()), ("isdigit", b"12", ()), ("islower", b"a1", ()), ("isupper", b"A B", ()),
    ("isspace", b" \t\x0b", ()), ("isspace", b"\x1c", ()), ("istitle", b"Ab Cd", ()), ("istitle", b"AB", ()),
    ("isalpha", b"ab", (1,)),
    ("partition", b"a b c", (b" ",)), ("rpartition", b"a b c", (b" ",)), ("partition", b"abc", (b"z",)),
    ("rpartition", b"abc", (b"z",)), ("partition", b"abc", (b"",)), ("partition", b"abc", (" ",)),
    ("removeprefix", b"abc", (b"ab",)), ("removesuffix", b"abc", (b"bc",)), ("removeprefix", b"abc", ("a",)),
    ("rsplit", b" a b  c ", ()), ("rsplit", b"a,b,c", (b",", 1)), ("rsplit", b" a b c", (None, 1)),
    ("splitlines", b"a\nb\r\nc\rd", ()), ("splitlines", b"a\nb\r\n", (True,)), ("splitlines", b"a\x0bb\x1cc", ()),
    ("translate", b"abcabc", (None, b"b")), ("translate", b"abc", (b"x",)), ("translate", b"abc", (None,)),
    ("__bytes__", b"ab", ()),
]
for name, self, a in BM:
    fields = ["m", name, arg(self)]
    for x in a:
        if isinstance(x, tuple):
            fields.append("B:" + "|".join(y.hex() for y in x))
        else:
            fields.append(arg(x))
    print("\t".join(esc(x) for x in fields + ["=>", result(lambda: getattr(self, name)(*a))]))

# ---- bytes % args ---------------------------------------------------------------------------------

BPCT = [
    (b"%s-%d-%x-%r-%5.2f-%c-%c-%%-%a-%b", (b"x", 3, 255, b"q", 1.5, 65, b"z", "\u00e9", b"y")),
    (b"%s", ("x",)), (b"%s", (1,)), (b"%d %d", (1,)), (b"%c", (300,)), (b"%c", (b"ab",)), (b"%c", (-1,)),
    (b"%5s|%-4b|%.1s", (b"ab", b"c", b"xyz")), (b"%c", (233,)), (b"%r", ("\u00e9",)), (b"%y", (1,)),
    (b"%x %o %05.1f", (10, 8, 2.25)), (b"%d", ("x",)), (b"abc", (b"x",)),
]
for f, a in BPCT:
    fields = ["bpct", arg(f)] + [arg(x) for x in a]
    print("\t".join(esc(x) for x in fields + ["=>", result(lambda f=f, a=a: f % a)]))

# ---- constructors ----------------------------------------------------------------------------------

for a in [(), ("x",), (b"x",), (b"x", "utf-8"), (b"a\xff", "utf-8", "replace"), (b"a\xff", "latin1"),
          (1, "utf-8"), ("a", "utf-8"), (b"a\xff", "utf-8", "foo"), (b"a", "foo"), (5,), (None,), (1.5,)]:
    emit("new", list(a), lambda a=a: str(*a))
for a in [(), (3,), (-1,), ("abc",), ("\u00e9", "utf-8"), ("\u00e9", "latin-1"), (1, "utf-8"),
          (b"ab",), (0,), (1,), ("\u20ac", "ascii"), ("\u20ac", "ascii", "replace")]:
    emit("bnew", list(a), lambda a=a: bytes(*a))
