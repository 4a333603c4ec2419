# Checks IndentationError for a function with no body before the next statement.
def empty():

x = 1
