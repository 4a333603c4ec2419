# Checks an uncaught OSError(errno, msg): CPython picks the FileNotFoundError subclass and formats "[Errno 2] ...".
raise OSError(2, 'No such file or directory')
