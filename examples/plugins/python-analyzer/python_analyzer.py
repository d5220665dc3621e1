#!/usr/bin/env python3
"""Hielements external library: a subset of the built-in `python` library on the `ast` module.

Speaks newline-delimited JSON-RPC 2.0 on stdin/stdout (docs/external_libraries.md). Same
function names, argument order, messages and answers as the built-in library (and as the
WebAssembly build in examples/wasm/python-analyzer): module_selector, package_selector,
function_selector, class_selector, imports, no_import, function_exists, class_exists,
depends_on, no_dependency. Standard library only; Python 3.8 or later.
"""
import ast
import json
import os
import re
import sys

LIB = "python"
VERSION = "1.0.0"
ALWAYS_SKIPPED = {".git", ".hg", ".svn", "node_modules", ".hielements-cache"}
SKIPPED_DIRS = {"__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages"}


class ArgError(Exception):
    """Bad arguments: a JSON-RPC error whose message is the built-in library's."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class MethodNotFound(Exception):
    pass


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


# ------------------------------------------------------------------ the library

class Analyzer:
    def __init__(self):
        self.workspace = None
        self._model = None
        self._facts = {}
        self._defined = None

    def model(self, ws):
        if ws != self.workspace:
            self.workspace, self._model, self._facts, self._defined = ws, None, {}, None
        if self._model is None:
            self._model = Model(ws)
        return self._model

    def facts(self, file):
        f = self._facts.get(file)
        if f is None:
            try:
                with open(file, "rb") as fh:
                    f = facts_of(fh.read().decode("utf-8", "replace"))
            except OSError:
                f = Facts()
            self._facts[file] = f
        return f

    def defining(self, ws, within, name, kind):
        if within:
            files = [p for p in within["paths"] if is_python_file(p)]
            return [f for f in files if any(k == kind and n == name for k, n in self.facts(f).symbols)]
        m = self.model(ws)
        if self._defined is None:
            # every definition of the workspace, indexed once per run
            self._defined = {}
            for f in m.files:
                for k, n in self.facts(f).symbols:
                    files = self._defined.setdefault((k, n), [])
                    if not files or files[-1] != f:
                        files.append(f)
        return list(self._defined.get((kind, name), []))

    def edges(self, ws, source, target):
        m = self.model(ws)
        targets = set(target["paths"])
        found = []
        for f in source["paths"]:
            if not is_python_file(f):
                continue
            for imp, _names, tg in m.resolve_imports(f, self.facts(f).imports):
                seen = set()
                for to, spec in tg:
                    if to in seen:
                        continue
                    seen.add(to)
                    if to in targets and to != f:
                        found.append((f, to, spec, imp[2], imp[3]))
        return found


ANALYZER = Analyzer()

# name, leading optional scope, [(param, type, code)]
SPECS = {
    "module_selector": (False, [("module_path", "string", "E400")]),
    "package_selector": (False, [("package_name", "string", "E403")]),
    "function_selector": (True, [("func_name", "string", "E401")]),
    "class_selector": (True, [("class_name", "string", "E402")]),
    "imports": (False, [("scope", "scope", "E410"), ("module_name", "string", "E411")]),
    "no_import": (False, [("scope", "scope", "E412"), ("module_name", "string", "E413")]),
    "function_exists": (True, [("func_name", "string", "E430")]),
    "class_exists": (True, [("class_name", "string", "E431")]),
    "depends_on": (False, [("source", "scope", "E434"), ("target", "scope", "E435")]),
    "no_dependency": (False, [("source", "scope", "E436"), ("target", "scope", "E437")]),
}
SELECTORS = ("module_selector", "package_selector", "function_selector", "class_selector")


def type_name(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, dict) and len(v) == 1:
        tag = next(iter(v))
        return {"String": "string", "Int": "integer", "Float": "float", "Bool": "boolean", "List": "list", "Scope": "scope", "ConnectionPoint": "connection point", "Null": "null"}.get(tag, "value")
    if isinstance(v, str):
        return "string"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "float"
    if isinstance(v, list):
        return "list"
    return "value"


def as_scope(v):
    if isinstance(v, dict) and isinstance(v.get("Scope"), dict):
        s = v["Scope"]
        return {"paths": [p for p in s.get("paths") or [] if isinstance(p, str)], "kind": s.get("kind") or {}, "description": s.get("description")}
    return None


def as_str(v):
    if isinstance(v, dict) and isinstance(v.get("String"), str):
        return v["String"]
    return v if isinstance(v, str) else None


def parse_args(fn, args):
    leading, params = SPECS[fn]
    q = "%s.%s" % (LIB, fn)
    rest, offset, within = list(args), 0, None
    if leading and rest and as_scope(rest[0]) is not None:
        within, rest, offset = as_scope(rest[0]), rest[1:], 1
    values = []
    for i, (name, ty, code) in enumerate(params):
        if i >= len(rest):
            raise ArgError(code, "%s: missing argument %d (%s: %s)" % (q, i + 1 + offset, name, ty))
        v = as_scope(rest[i]) if ty == "scope" else as_str(rest[i])
        if v is None:
            raise ArgError(code, "%s: argument %d (%s) must be a %s, got %s" % (q, i + 1 + offset, name, ty, type_name(rest[i])))
        values.append(v)
    if len(rest) > len(params):
        sig = ["%s: %s" % (n, t) for n, t, _ in params]
        if leading:
            sig.insert(0, "[within: scope]")
        got = ", ".join(type_name(a) for a in args)
        raise ArgError("E498", "%s: too many arguments (%s); expected %s(%s)" % (q, got, q, ", ".join(sig)))
    return within, values


def label(scope):
    if scope.get("description"):
        return scope["description"]
    kind = scope["kind"]
    for k in ("File", "Folder", "Glob"):
        if isinstance(kind, dict) and isinstance(kind.get(k), str):
            return '%s("%s")' % (k, kind[k])
    return 'File("")'


def rel(ws, path):
    r = os.path.relpath(path, ws)
    return "." if r == "" else r.replace(os.sep, "/")


def matches_module(name, wanted):
    return name == wanted or name.startswith(wanted + ".")


def plural(n):
    return "" if n == 1 else "s"


def fail(message, locations=None):
    r = {"Fail": message}
    if locations:
        r["locations"] = locations
    return r


def call(fn, args, ws):
    if fn not in SELECTORS:
        raise MethodNotFound("Unknown function: %s.%s" % (LIB, fn))
    within, (name,) = parse_args(fn, args)
    m = ANALYZER.model(ws)
    if fn in ("module_selector", "package_selector"):
        r = m.resolve_absolute(name)
        if r and r[1]:
            paths = m.under(r[1])
        elif r and r[0] and fn == "module_selector":
            paths = [r[0]]
        else:
            paths = []
        kind = {"File": name} if fn == "module_selector" else {"Folder": name}
    else:
        is_class = fn == "class_selector"
        paths = ANALYZER.defining(ws, within, name, "class" if is_class else "function")
        kind = {"File": "%s:%s" % ("class" if is_class else "fn", name)}
    paths = sorted(set(paths), key=js_key)
    return {"Scope": {"kind": kind, "paths": paths, "resolved": True, "language": "python", "description": "python.%s('%s')" % (fn, name)}}


def check(fn, args, ws):
    if fn not in SPECS or fn in SELECTORS:
        raise MethodNotFound("Unknown check: %s.%s" % (LIB, fn))
    within, values = parse_args(fn, args)
    for s in ([within] if within else []) + [v for v in values if isinstance(v, dict)]:
        if not s["paths"]:
            return fail("scope is empty: %s matched no files" % label(s))
    m = ANALYZER.model(ws)
    if fn in ("imports", "no_import"):
        scope, want = values
        locations = []
        for f in scope["paths"]:
            if not is_python_file(f):
                continue
            for imp, names, _t in m.resolve_imports(f, ANALYZER.facts(f).imports):
                if any(matches_module(n, want) for n in names):
                    if fn == "imports":
                        return {"Pass": None}
                    locations.append({"file": f, "line": imp[2], "column": imp[3], "message": imp[4]})
        if fn == "imports":
            return fail("Scope %s does not import '%s'" % (label(scope), want))
        if not locations:
            return {"Pass": None}
        first = locations[0]
        n = len(locations)
        return fail("Scope %s imports '%s' but should not (%d import%s, first %s:%d)" % (label(scope), want, n, plural(n), rel(ws, first["file"]), first["line"]), locations)
    if fn in ("function_exists", "class_exists"):
        (name,) = values
        is_class = fn == "class_exists"
        if ANALYZER.defining(ws, within, name, "class" if is_class else "function"):
            return {"Pass": None}
        return fail("%s '%s' not found%s" % ("Class" if is_class else "Function", name, " in " + label(within) if within else ""))
    source, target = values
    found = ANALYZER.edges(ws, source, target)
    if fn == "depends_on":
        if found:
            return {"Pass": None}
        return fail("No dependency found: %s does not import anything from %s" % (label(source), label(target)))
    if not found:
        return {"Pass": None}
    f, to, spec, line, col = found[0]
    message = "Forbidden dependency detected: %d import%s from %s into %s, first %s:%d:%d '%s'" % (len(found), plural(len(found)), label(source), label(target), rel(ws, f), line, col, spec)
    locations = [{"file": e[0], "line": e[3], "column": e[4], "message": "%s \u2192 %s" % (e[2], rel(ws, e[1]))} for e in found]
    return fail(message, locations)


def doc():
    def fn(name, description, example):
        leading, params = SPECS[name]
        ps = [{"name": "within", "type": "scope?", "description": "Only search these files (default: the whole workspace)"}] if leading else []
        ps += [{"name": n, "type": t, "description": ""} for n, t, _ in params]
        return {"name": name, "description": description, "parameters": ps, "return_type": "Scope" if name in SELECTORS else "CheckResult", "example": example}

    return {
        "name": LIB,
        "version": VERSION,
        "description": "Python modules, packages, classes, functions and imports, from the standard ast module (a subset of the built-in python library)",
        "functions": [
            fn("module_selector", "Selects a module by its dotted name, resolved like the import system does.", "scope api = python.module_selector('orders.api')"),
            fn("package_selector", "Selects every Python file of a package (regular or namespace), recursively.", "scope orders = python.package_selector('orders')"),
            fn("function_selector", "Selects the files that define a function or method with exactly this name.", "scope handlers = python.function_selector('handle_order')"),
            fn("class_selector", "Selects the files that define a class with exactly this name.", "scope service = python.class_selector('OrderService')"),
        ],
        "checks": [
            fn("imports", "Passes if some file of the scope imports the module (or a submodule of it).", "check python.imports(api, 'orders.domain')"),
            fn("no_import", "Fails if some file of the scope imports the module or one of its submodules.", "check python.no_import(domain, 'django')"),
            fn("function_exists", "Passes if a function or method with exactly this name is defined.", "check python.function_exists(api, 'main')"),
            fn("class_exists", "Passes if a class with exactly this name is defined.", "check python.class_exists('OrderService')"),
            fn("depends_on", "Passes if some file of the first scope imports a file of the second scope.", "check python.depends_on(api, domain)"),
            fn("no_dependency", "Fails if some file of the first scope imports a file of the second scope.", "check python.no_dependency(domain, api)"),
        ],
    }


def handle(req):
    method = req.get("method")
    params = req.get("params") or {}
    if method == "library.doc":
        return doc()
    if method == "library.metadata":
        d = doc()
        return {"name": d["name"], "version": d["version"], "functions": [f["name"] for f in d["functions"]], "checks": [c["name"] for c in d["checks"]]}
    ws = (params.get("workspace") or ".").rstrip("/") or "/"
    if method == "library.call":
        return call(params.get("function"), params.get("args") or [], ws)
    if method == "library.check":
        return check(params.get("function"), params.get("args") or [], ws)
    raise MethodNotFound("Unknown method: %s" % method)


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
        except ValueError as e:
            sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "parse error: %s" % e}}) + "\n")
            sys.stdout.flush()
            continue
        reply = {"jsonrpc": "2.0", "id": req.get("id")}
        try:
            reply["result"] = handle(req)
        except ArgError as e:
            reply["error"] = {"code": -32602, "message": str(e), "data": {"code": e.code}}
        except MethodNotFound as e:
            reply["error"] = {"code": -32601, "message": str(e)}
        except Exception as e:  # an analyzer bug must not kill the run
            reply["error"] = {"code": -32603, "message": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
