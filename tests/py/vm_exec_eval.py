# Checks exec, eval and compile: globals and locals mappings, code objects, SyntaxError attributes.
g = {}
exec("x = 1\ndef f(): return x + 1\ny = f()", g)
print(g['y'], sorted(k for k in g if k != '__builtins__'))
print(eval("x * 10", g), eval("[i for i in range(3)]"))
l = {}
exec("a = 5\nb = a * 2", {}, l)
print(l)
code = compile("print('compiled', 1 + 1)", "<s>", "exec")
exec(code)
print(type(code).__name__, code.co_filename, code.co_name)
e = compile("3 + 4", "<e>", "eval")
print(eval(e))
try:
    compile("x = ", "<bad>", "exec")
except SyntaxError as err:
    print(err.msg, err.filename, err.lineno, err.offset, repr(err.text))
try:
    exec("return 5")
except SyntaxError as err:
    print(err.msg, err.lineno, err.offset, err.text)
def f():
    loc = 1
    return eval("loc + 1")
print(f())
class C:
    exec("z = 3")
print(hasattr(C, 'z'))
ns = {}
exec("class K:\n    v = 1\n    def m(self): return self.v\nres = K().m()", ns)
print(ns['res'])
print(eval("lambda q: q * 2")(21))
exec("import sys\nprint(sys.getrecursionlimit())")
