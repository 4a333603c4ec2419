# Checks implicit exception chaining: "During handling of the above exception, another exception occurred:".
def parse(text):
    try:
        return int(text)
    except ValueError:
        return fallback[text]

fallback = {}
print('parsing')
parse('x')
