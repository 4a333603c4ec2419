def outer():
    def inner():
        class K:
            def m(self):
                for i in x:
                    while i:
                        try:
                            with a:
                                if b:
                                    return i
                        except E:
                            pass
    return inner
