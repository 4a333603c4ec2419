# Checks the built-in exception hierarchy.
pairs = [
    (KeyError, LookupError), (IndexError, LookupError), (LookupError, Exception),
    (ZeroDivisionError, ArithmeticError), (OverflowError, ArithmeticError),
    (UnboundLocalError, NameError), (RecursionError, RuntimeError), (NotImplementedError, RuntimeError),
    (FileNotFoundError, OSError), (IOError, OSError), (EOFError, Exception),
    (StopIteration, Exception), (KeyboardInterrupt, Exception), (KeyboardInterrupt, BaseException),
    (SystemExit, Exception), (SystemExit, BaseException), (Exception, BaseException),
    (TypeError, ValueError), (ModuleNotFoundError, ImportError), (IndentationError, SyntaxError),
    (TabError, IndentationError), (UnicodeDecodeError, ValueError), (AssertionError, Exception),
    (bool, int),
]
for a, b in pairs:
    print(f"issubclass({a.__name__}, {b.__name__}) = {issubclass(a, b)}")
print(IOError is OSError, EnvironmentError is OSError)
print([c.__name__ for c in ZeroDivisionError.__mro__])
