# pyheap-args: --trace-func inner
def inner(items):
    items.append(len(items))
    return items

def outer():
    data = [1000]
    inner(data)
    return data

outer()
result = outer()
