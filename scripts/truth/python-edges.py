#!/usr/bin/env python3
"""Independent ground truth for hielements' Python import edges.

Parses every .py file under ROOT with Python's own `ast` and resolves each import with the import
system's rules over the given source roots (a module file `a/b.py`, a package `a/b/__init__.py`,
relative imports from the file's package; `from a import b` is the submodule `a/b` when it exists,
else `a` itself; a missing dotted name falls back to its nearest existing parent, like `import a.b`).
Stub files (`.pyi`) are modules too. Imports inside `if TYPE_CHECKING:` / `elif TYPE_CHECKING:`
(any `x.TYPE_CHECKING`, and the `else:` of
`if not TYPE_CHECKING:`) are marked type-only.

Usage: python-edges.py ROOT [SOURCE_ROOT...]  (default roots: as hielements documents them)  → JSON lines: {"from", "line", "to", "typeOnly"}
"""
import ast
import json
import os
import sys

root = os.path.realpath(sys.argv[1])
explicit_roots = [os.path.realpath(r) for r in sys.argv[2:]]
SKIP = {'__pycache__', 'site-packages', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache'}

files = []
for d, dirs, names in os.walk(root):
    if 'pyvenv.cfg' in names:
        dirs[:] = []
        continue
    dirs[:] = sorted(x for x in dirs if x not in SKIP and not x.endswith('.egg-info') and not x.startswith('.'))
    files += [os.path.join(d, n) for n in sorted(names) if n.endswith('.py') or n.endswith('.pyi')]
fileset = set(files)
dirset = set()
for f in files:
    d = os.path.dirname(f)
    while d.startswith(root) and d not in dirset:
        dirset.add(d)
        d = os.path.dirname(d)


# source roots as documented: the workspace, src/, and the parent of every top-level package
roots = explicit_roots or [root]
if not explicit_roots:
    if os.path.join(root, 'src') in dirset:
        roots.append(os.path.join(root, 'src'))
    for f in files:
        if os.path.basename(f) != '__init__.py':
            continue
        pkg = os.path.dirname(f)
        while os.path.join(os.path.dirname(pkg), '__init__.py') in fileset:
            pkg = os.path.dirname(pkg)
        if len(os.path.dirname(pkg)) >= len(root) and os.path.dirname(pkg) not in roots:
            roots.append(os.path.dirname(pkg))
    roots.sort(key=len, reverse=True)


def under(base, segs):
    p = os.path.join(base, *segs) if segs else base
    for ext in ('.py', '.pyi'):
        if segs and p + ext in fileset:
            return (p + ext, None)
    for init in ('__init__.py', '__init__.pyi'):
        if os.path.join(p, init) in fileset:
            return (os.path.join(p, init), p)
    if p in dirset:
        return (None, p)
    return None


def absolute(name):
    for r in roots:
        x = under(r, name.split('.'))
        if x:
            return x
    return None


def nearest(segs, resolve):
    for n in range(len(segs) - 1, 0, -1):
        x = resolve(segs[:n])
        if x and x[0]:
            return (x[0], None)
        if x and x[1]:
            return None
    return None


def is_type_checking(test):
    if isinstance(test, ast.Name):
        return test.id == 'TYPE_CHECKING'
    if isinstance(test, ast.Attribute):
        return test.attr == 'TYPE_CHECKING'
    return False


def imports(tree):
    """(node, typeOnly) for every import statement, in any block."""
    out = []

    def visit(stmts, typed):
        for s in stmts:
            if isinstance(s, (ast.Import, ast.ImportFrom)):
                out.append((s, typed))
            elif isinstance(s, ast.If):
                neg = isinstance(s.test, ast.UnaryOp) and isinstance(s.test.op, ast.Not) and is_type_checking(s.test.operand)
                visit(s.body, typed or is_type_checking(s.test))
                is_elif = len(s.orelse) == 1 and isinstance(s.orelse[0], ast.If)
                visit(s.orelse, typed or (neg and not is_elif))
            else:
                for _, value in ast.iter_fields(s):
                    if not isinstance(value, list):
                        continue
                    visit([x for x in value if isinstance(x, ast.stmt)], typed)
                    for x in value:
                        if isinstance(x, ast.excepthandler) or type(x).__name__ == 'match_case':
                            visit(x.body, typed)

    visit(tree.body, False)
    return out


for f in files:
    try:
        tree = ast.parse(open(f, 'rb').read(), f)
    except (SyntaxError, ValueError):
        continue
    pkgdir = os.path.dirname(f)
    for node, typed in imports(tree):
        targets = []
        if isinstance(node, ast.Import):
            for a in node.names:
                segs = a.name.split('.')
                for n in range(len(segs), 0, -1):
                    x = absolute('.'.join(segs[:n]))
                    if x and x[0]:
                        targets.append(x[0])
                        break
                    if x and x[1]:
                        break
                lineno = getattr(a, 'lineno', node.lineno)
                for t in targets or [None]:
                    print(json.dumps({'from': f, 'line': lineno, 'to': t, 'typeOnly': typed}))
                targets = []
            continue
        mod = node.module or ''
        if node.level == 0 and mod == '__future__':
            continue  # a compiler directive, not an import for hielements (docs/stdlib.md)
        if node.level == 0:
            base = absolute(mod) or nearest(mod.split('.'), lambda s: absolute('.'.join(s)))
            fallback = absolute(mod) is None
        else:
            d = pkgdir
            for _ in range(node.level - 1):
                d = os.path.dirname(d)
            segs = mod.split('.') if mod else []
            base = under(d, segs)
            fallback = False
            if base is None and segs:
                base = nearest(segs, lambda s: under(d, s))
                fallback = base is not None
        used_base = fallback
        for a in node.names:
            if a.name == '*':
                used_base = True
                continue
            sub = under(base[1], a.name.split('.')) if base and base[1] and not fallback else None
            if sub and sub[0]:
                targets.append(sub[0])
            else:
                used_base = True
        if used_base and base and base[0]:
            targets.append(base[0])
        seen = []
        for t in targets:
            if t not in seen:
                seen.append(t)
        for t in seen or [None]:
            print(json.dumps({'from': f, 'line': node.lineno, 'to': t, 'typeOnly': typed}))
