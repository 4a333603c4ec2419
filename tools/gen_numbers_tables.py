#!/usr/bin/env python3.11
"""Prints the Unicode tables that src/objects/int.c uses to read int() and
float() arguments (Unicode 14.0, as in CPython 3.11): the first code point of
every run of ten decimal digits outside ASCII, and the whitespace code points.
"""
import sys
import unicodedata

starts = [c for c in range(128, sys.maxunicode + 1)
          if unicodedata.decimal(chr(c), None) == 0]
for s in starts:
    assert all(unicodedata.decimal(chr(s + i), None) == i for i in range(10))
print("static const uint32_t unicode_digit_zeros[] = {")
for i in range(0, len(starts), 8):
    print("    " + ", ".join(f"0x{c:x}" for c in starts[i:i + 8]) + ",")
print("};")
spaces = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]
print("static const uint32_t unicode_spaces[] = {")
for i in range(0, len(spaces), 8):
    print("    " + ", ".join(f"0x{c:x}" for c in spaces[i:i + 8]) + ",")
print("};")
