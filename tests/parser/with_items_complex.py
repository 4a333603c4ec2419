with open('a') as f, open('b') as g:
    pass
with a, b, c: pass
with (a, b) as c: pass
with (
    open('a') as f,
    open('b') as g,
):
    pass
