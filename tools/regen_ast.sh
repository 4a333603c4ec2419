#!/usr/bin/env bash
# Regenerates the parser test expectations from CPython 3.11 itself.
#   tests/parser/NAME.py        -> tests/parser/NAME.ast
#       line 1: ast.dump(ast.parse(src))
#       then one line per positioned node, pre-order over _fields:
#       "Type lineno col_offset end_lineno end_col_offset"
#   tests/parser/errors/NAME.py -> tests/parser/errors/NAME.err
#       line 1: "Type: msg (lineno, offset, end_lineno, end_offset)"
#       line 2: "text: " + SyntaxError.text without its trailing newline
#       line 3: "newline: 1" if SyntaxError.text ended with a newline, else 0
# Sources are decoded as UTF-8 (BOM dropped) and compiled as str, the way
# `compile(open(f).read(), f, "exec")` does.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
"$PY" - <<'PYEOF'
import ast, glob, sys
assert sys.version_info[:2] == (3, 11), "expected outputs must come from CPython 3.11"

def read(path):
    return open(path, 'rb').read().decode('utf-8-sig')

def walk(node, out):
    if hasattr(node, 'lineno'):
        out.append(f"{type(node).__name__} {node.lineno} {node.col_offset} "
                   f"{node.end_lineno} {node.end_col_offset}")
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, ast.AST):
            walk(value, out)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ast.AST):
                    walk(item, out)

import warnings
warnings.simplefilter('ignore')
for path in sorted(glob.glob('tests/parser/*.py')):
    tree = compile(read(path), path, 'exec', ast.PyCF_ONLY_AST)
    lines = [ast.dump(tree)]
    for stmt in tree.body:
        walk(stmt, lines)
    with open(path[:-3] + '.ast', 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')

for path in sorted(glob.glob('tests/parser/errors/*.py')):
    name = path.rsplit('/', 1)[1]
    try:
        compile(read(path), name, 'exec', ast.PyCF_ONLY_AST)
    except SyntaxError as e:
        text = e.text
        with open(path[:-3] + '.err', 'w', encoding='utf-8') as f:
            f.write(f"{type(e).__name__}: {e.msg} ({e.lineno}, {e.offset}, "
                    f"{e.end_lineno}, {e.end_offset})\n")
            f.write("text: " + (text.rstrip('\n') if text is not None else "None") + "\n")
            f.write(f"newline: {int(text is not None and text.endswith(chr(10)))}\n")
    else:
        sys.exit(f"{path}: expected a SyntaxError")
print("regenerated", len(glob.glob('tests/parser/*.py')), "corpus files and",
      len(glob.glob('tests/parser/errors/*.py')), "error files")
PYEOF
