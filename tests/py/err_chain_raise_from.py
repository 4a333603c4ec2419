# Checks explicit chaining with raise ... from: "The above exception was the direct cause of the following exception:".
class LookupFailed(Exception):
    pass

def find(user):
    users = {'ann': 1}
    try:
        return users[user]
    except KeyError as e:
        raise LookupFailed(f'no user {user}') from e

find('bob')
