# comment

x = 1  # trailing


    # indented comment
def f():
    # inside

    return 1
        # odd comment

