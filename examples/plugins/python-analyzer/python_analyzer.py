#!/usr/bin/env python3
"""Hielements external library: a subset of the built-in `python` library on the `ast` module.

Speaks newline-delimited JSON-RPC 2.0 on stdin/stdout (docs/external_libraries.md). Same
function names, argument order, messages and answers as the built-in library (and as the
WebAssembly build in examples/wasm/python-analyzer): module_selector, package_selector,
function_selector, class_selector, imports, no_import, function_exists, class_exists,
depends_on, no_dependency. Standard library only; Python 3.8 or later. The walk, the facts and
the module resolution are in python_project.py, next to this file.
"""
import json
import os
import sys

from python_project import Facts, Model, facts_of, is_python_file, js_key

LIB = "python"
VERSION = "1.0.0"


class ArgError(Exception):
    """Bad arguments: a JSON-RPC error whose message is the built-in library's."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class MethodNotFound(Exception):
    pass


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
    # Empty scopes arrive only with --allow-empty: the host fails such checks itself.
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
