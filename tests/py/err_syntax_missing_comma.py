# Checks the 3.11 hint "Perhaps you forgot a comma?".
items = [1 2 3]
