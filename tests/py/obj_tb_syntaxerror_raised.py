# Checks how a SyntaxError raised at run time is printed: traceback, File/line block, caret range.
raise SyntaxError("bad thing", ("f.py", 3, 5, "  a = = b\n", 3, 8))
