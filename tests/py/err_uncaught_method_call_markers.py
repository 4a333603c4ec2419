# Checks position markers for a failing call inside a larger expression (~~~^^^ style).
data = {'items': [1, 2, 3]}
x = len(data['items']) + data['missing'][0]
