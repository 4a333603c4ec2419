# Checks that exception notes (add_note) are printed after the message line.
e = ValueError("main")
e.add_note("first note")
e.add_note("second")
raise e
