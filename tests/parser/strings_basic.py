a = 'single'
b = "double"
c = '''triple
single'''
d = """triple
double"""
e = ''
f = "it's"
g = 'say "hi"'
h = 'both \' and "'
i = 'a' 'b' "c"
j = ('multi'
     'line')
k = u'unicode'
l = U'x' 'y'
m = 'é' 'ü€😀'
