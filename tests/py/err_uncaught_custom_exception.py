# Checks an uncaught user-defined exception (with a module-qualified name in the last line).
class ConfigError(Exception):
    pass

def load(name):
    if not name.endswith('.cfg'):
        raise ConfigError(f'not a config file: {name!r}')
    return {}

load('settings.cfg')
print('first load ok')
load('settings.txt')
