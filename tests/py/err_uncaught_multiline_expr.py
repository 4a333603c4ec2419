# Checks a traceback where the failing call spans several lines.
def fetch(d, k):
    return d[k]

config = {'host': 'localhost'}
port = fetch(
    config,
    'port',
)
