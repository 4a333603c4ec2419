# Checks raise SystemExit(7): exit status 7, nothing on stderr.
print('raising SystemExit(7)')
raise SystemExit(7)
