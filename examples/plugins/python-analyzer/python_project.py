# The project side of the `python-analyzer` plugin: the workspace walk (with .gitignore), the
# facts of one file from the `ast` module, and the project model with the built-in `python`
# library's module resolution. Standard library only.
import ast
import os
import re
import sys

ALWAYS_SKIPPED = {".git", ".hg", ".svn", "node_modules", ".hielements-cache"}
SKIPPED_DIRS = {"__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages"}

# ------------------------------------------------------------------ .gitignore and the walk

def _glob_regex(pattern):
    """A gitignore glob as a regular expression over a `/`-separated path."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("/.*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        elif c == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


class Gitignore:
    """Rules of one .gitignore: the last matching rule wins, `!` re-includes, a trailing `/`
    matches folders only, a pattern with an inner `/` is anchored to the file's folder."""

    def __init__(self, text):
        self.rules = []
        for raw in text.split("\n"):
            line = raw[:-1] if raw.endswith("\r") else raw
            if not line or line.startswith("#"):
                continue
            while line.endswith(" ") and not line.endswith("\\ "):
                line = line[:-1]
            negate = line.startswith("!")
            if negate:
                line = line[1:]
            elif line.startswith("\\!") or line.startswith("\\#"):
                line = line[1:]
            dir_only = line.endswith("/")
            line = line.rstrip("/")
            if not line:
                continue
            anchored = "/" in line
            line = line.lstrip("/")
            rx = re.compile(_glob_regex(line) + ("(?:/.*)?" if anchored else "") + r"\Z", re.S)
            self.rules.append((rx, negate, dir_only, anchored))

    def ignores(self, rel, is_dir):
        result = False
        for rx, negate, dir_only, anchored in self.rules:
            if dir_only and not is_dir:
                continue
            subject = rel if anchored else rel.rsplit("/", 1)[-1]
            if rx.match(subject):
                result = not negate
        return result


def walk(root):
    """Regular files below root (symbolic links not followed, ignored folders skipped), sorted."""
    out = []

    def visit(rel, rules):
        path = os.path.join(root, rel) if rel else root
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            return
        if any(e.name == ".gitignore" and e.is_file(follow_symlinks=False) for e in entries):
            try:
                with open(os.path.join(path, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                    rules = rules + [(rel, Gitignore(fh.read()))]
            except OSError:
                pass

        def ignored(child, is_dir):
            for base, g in rules:
                sub = child[len(base) + 1:] if base else child
                if g.ignores(sub, is_dir):
                    return True
            return False

        for e in entries:
            child = rel + "/" + e.name if rel else e.name
            if e.is_symlink():
                continue
            if e.is_dir(follow_symlinks=False):
                if e.name not in ALWAYS_SKIPPED and not ignored(child, True):
                    visit(child, rules)
            elif e.is_file(follow_symlinks=False):
                if not ignored(child, False):
                    out.append(root + "/" + child)

    visit("", [])
    return sorted(out, key=js_key)


def js_key(s):
    """JavaScript's default sort order (UTF-16 code units)."""
    return s.encode("utf-16-be")


# ------------------------------------------------------------------ facts from ast

def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def first_line(text):
    line = text.split("\n", 1)[0].strip()
    if utf16_len(line) <= 120:
        return line
    out, n = [], 0
    for ch in line:
        w = utf16_len(ch)
        if n + w > 119:
            break
        n += w
        out.append(ch)
    return "".join(out) + "\u2026"


class Facts:
    def __init__(self):
        # (specifier, names or None, line, column, text)
        self.imports = []
        # (kind, name) with kind "class" / "function"
        self.symbols = []


def facts_of(text):
    facts = Facts()
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as e:
        sys.stderr.write("cannot parse: %s\n" % e)
        return facts
    lines = text.split("\n")

    def column(lineno, col_offset):
        # ast columns count UTF-8 bytes; the host counts UTF-16 units
        prefix = lines[lineno - 1].encode("utf-8")[:col_offset].decode("utf-8", "replace")
        return utf16_len(prefix) + 1

    def statement_text(node):
        line = lines[node.lineno - 1].encode("utf-8")
        if node.end_lineno == node.lineno:
            seg = line[node.col_offset:node.end_col_offset]
        else:
            seg = line[node.col_offset:]
        return first_line(seg.decode("utf-8", "replace"))

    nodes = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
    nodes.sort(key=lambda n: (n.lineno, n.col_offset))
    for node in nodes:
        if isinstance(node, ast.Import):
            text = statement_text(node)
            for a in node.names:
                facts.imports.append((a.name, None, a.lineno, column(a.lineno, a.col_offset), text))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module == "__future__":
                continue  # a future statement is a compiler directive, not an import
            spec = "." * node.level + (node.module or "")
            names = [a.name for a in node.names]
            facts.imports.append((spec, names, node.lineno, column(node.lineno, node.col_offset), statement_text(node)))
        else:
            facts.symbols.append(("class" if isinstance(node, ast.ClassDef) else "function", node.name))
    return facts


# ------------------------------------------------------------------ the project model

def is_python_file(f):
    return f.endswith(".py") or f.endswith(".pyi")


def dirname(p):
    i = p.rfind("/")
    return "/" if i == 0 else p[:i] if i > 0 else "."


def basename(p):
    return p[p.rfind("/") + 1:]


class Model:
    """Source roots and module resolution, with the built-in library's rules."""

    def __init__(self, workspace):
        self.workspace = workspace
        files = []
        every = walk(workspace)
        # a virtual environment is a folder with `pyvenv.cfg`, whatever its name
        venvs = [dirname(f) + "/" for f in every if basename(f) == "pyvenv.cfg"]
        for f in every:
            if not is_python_file(f):
                continue
            parts = f[len(workspace) + 1:].split("/")[:-1]
            if any(p in SKIPPED_DIRS or p.endswith(".egg-info") for p in parts) or any(f.startswith(v) for v in venvs):
                continue
            files.append(f)
        self.files = files
        self.file_set = set(files)
        self.dir_set = set()
        for f in files:
            d = dirname(f)
            while len(d) >= len(workspace) and d not in self.dir_set:
                self.dir_set.add(d)
                d = dirname(d)
        roots = [workspace]
        if workspace + "/src" in self.dir_set:
            roots.append(workspace + "/src")
        for f in files:
            if basename(f) != "__init__.py":
                continue
            pkg = dirname(f)
            while dirname(pkg) + "/__init__.py" in self.file_set:
                pkg = dirname(pkg)
            parent = dirname(pkg)
            if len(parent) >= len(workspace) and parent not in roots:
                roots.append(parent)
        self.roots = sorted(roots, key=len, reverse=True)  # stable: equal lengths keep their order
        self.absolute = {}

    def resolve_under(self, base, segments):
        d = base if base.endswith("/") else base + "/"
        p = d + "/".join(segments) if segments else base
        if segments:
            for ext in (".py", ".pyi"):
                if p + ext in self.file_set:
                    return (p + ext, None)
        pkg = p + "/" if segments else d
        for init in ("__init__.py", "__init__.pyi"):
            if pkg + init in self.file_set:
                return (pkg + init, p)
        if p in self.dir_set:
            return (None, p)
        return None

    def resolve_absolute(self, dotted):
        if not dotted or dotted.startswith("."):
            return None
        if dotted not in self.absolute:
            segs = dotted.split(".")
            found = None
            for root in self.roots:
                found = self.resolve_under(root, segs)
                if found:
                    break
            self.absolute[dotted] = found
        return self.absolute[dotted]

    def module_name_of(self, file):
        for root in self.roots:
            if file.startswith(root + "/"):
                rest = re.sub(r"\.pyi?$", "", file[len(root) + 1:])
                parts = rest.split("/")
                if parts[-1] == "__init__":
                    parts.pop()
                return ".".join(parts)
        return None

    def under(self, d):
        prefix = d if d.endswith("/") else d + "/"
        return [f for f in self.files if f.startswith(prefix)]

    def nearest_module(self, segs, resolve):
        """The nearest existing module of a missing dotted name (what `import a.b.c` loads
        first): the longest prefix that is a module file; none when a namespace package comes first."""
        for n in range(len(segs) - 1, 0, -1):
            r = resolve(segs[:n])
            if r and r[0]:
                return (r[0], None, True)
            if r and r[1]:
                return None
        return None

    def resolve_imports(self, file, imports):
        """[(import, absolute names, [(target file, specifier)])]"""
        own = self.module_name_of(file)
        out = []
        for imp in imports:
            spec, names_list = imp[0], imp[1]
            if names_list is None:
                segs = spec.split(".")
                targets = []
                for n in range(len(segs), 0, -1):
                    r = self.resolve_absolute(".".join(segs[:n]))
                    if r and r[0]:
                        targets.append((r[0], spec))
                        break
                    if r and r[1]:
                        break
                out.append((imp, [spec], targets))
                continue
            level = len(spec) - len(spec.lstrip("."))
            rest = spec[level:]
            base_abs = None
            if level == 0:
                base_abs = rest
                base = self.resolve_absolute(rest)
                if not base:  # `from a.b import n` where `a.b` is no module: its nearest parent
                    base = self.nearest_module(rest.split("."), lambda segs: self.resolve_absolute(".".join(segs)))
            else:
                d = dirname(file)
                for _ in range(1, level):
                    d = dirname(d)
                base = self.resolve_under(d, rest.split(".") if rest else [])
                if not base and rest:
                    base = self.nearest_module(rest.split("."), lambda segs, d=d: self.resolve_under(d, segs))
                if own is not None:
                    parts = own.split(".")
                    pkg = parts if basename(file).startswith("__init__.") else parts[:-1]
                    up = pkg[:max(0, len(pkg) - (level - 1))]
                    base_abs = ".".join(x for x in up + ([rest] if rest else []) if x)
            fallback = bool(base) and len(base) > 2 and base[2]
            names = [base_abs] if base_abs else []
            targets = []
            base_used = False
            for n in names_list:
                if n == "*":
                    base_used = True
                    continue
                if base_abs:
                    names.append(base_abs + "." + n)
                sub = self.resolve_under(base[1], n.split(".")) if base and base[1] and not fallback else None
                if sub and sub[0]:
                    targets.append((sub[0], spec + ("" if spec.endswith(".") else ".") + n))
                else:
                    base_used = True
            if (base_used or not names_list or fallback) and base and base[0]:
                targets.append((base[0], spec))
            out.append((imp, names, targets))
        return out
