pass
break
continue
return
return 1
return 1, 2
return *a, b
raise
raise E
raise E('x') from None
global a, b
nonlocal c
assert x
assert x, 'm'
