#!/usr/bin/env python3
"""Hielements external library `conventions` (Python 3, standard library only).

Speaks newline-delimited JSON-RPC 2.0 on stdin/stdout (see docs/external_libraries.md).
The exact semantics of every function are specified in docs/external_libraries.md,
section "conventions reference semantics"; a WebAssembly build of the same library
must give identical results.
"""
import json
import os
import re
import sys

VERSION = "1.0.0"
SKIP_DIRS = {".git", "node_modules"}


class InvalidParams(Exception):
    """Bad arguments: answered with JSON-RPC error -32602."""


class MethodNotFound(Exception):
    """Unknown method or function: answered with JSON-RPC error -32601."""


# ------------------------------------------------------------------ argument decoding

def unwrap(value):
    """Accept the tagged encoding ({"String": "x"}, {"Int": 3}) and bare JSON values."""
    if isinstance(value, dict) and len(value) == 1:
        (tag, inner), = value.items()
        if tag in ("String", "Int", "Float", "Bool"):
            return inner
        if tag == "List":
            return [unwrap(x) for x in inner]
    return value


def arg(args, index, kind, name, default=None):
    if index >= len(args):
        if default is not None:
            return default
        raise InvalidParams("missing argument %d (%s)" % (index + 1, name))
    raw = args[index]
    if kind == "scope":
        if isinstance(raw, dict) and isinstance(raw.get("Scope"), dict):
            paths = raw["Scope"].get("paths") or []
            return [p for p in paths if isinstance(p, str)]
        raise InvalidParams("argument %d (%s) must be a scope" % (index + 1, name))
    value = unwrap(raw)
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    expected = {"string": "a string", "int": "an integer"}[kind]
    raise InvalidParams("argument %d (%s) must be %s, got %s" % (index + 1, name, expected, json.dumps(raw)))


# ------------------------------------------------------------------ helpers

def walk_files(root):
    """Every regular file under root, skipping .git/node_modules and symbolic links."""
    out = []
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIP_DIRS:
                    stack.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                out.append(entry.path)
    return sorted(out)


def rel(path, workspace):
    try:
        r = os.path.relpath(path, workspace)
    except ValueError:
        return path
    if r.startswith(".."):
        return path
    return r.replace(os.sep, "/")


def count_lines(data):
    n = data.count(b"\n")
    if data and not data.endswith(b"\n"):
        n += 1
    return n


def scope(kind, label, paths):
    return {"Scope": {"kind": {kind: label}, "paths": paths, "resolved": True}}


def fail(message, locations):
    result = {"Fail": message}
    if locations:
        result["locations"] = locations
    return result


CASE_PATTERNS = {
    "snake": re.compile(r"^_*[a-z0-9]+(_[a-z0-9]+)*_*$"),
    "kebab": re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    "camel": re.compile(r"^[a-z][a-zA-Z0-9]*$"),
    "pascal": re.compile(r"^[A-Z][a-zA-Z0-9]*$"),
}


# ------------------------------------------------------------------ selectors

def files_with_extension(args, ws):
    ext = arg(args, 0, "string", "ext")
    ext = ext[1:] if ext.startswith(".") else ext
    if not ext:
        raise InvalidParams("argument 1 (ext) must not be empty")
    suffix = "." + ext
    paths = [p for p in walk_files(ws) if os.path.basename(p).endswith(suffix)]
    return scope("Glob", "**/*" + suffix, paths)


def simple_selector(args, ws):
    path = arg(args, 0, "string", "path")
    full = os.path.join(ws, path)
    # Symbolic links are skipped, as hielements' own selectors and the WebAssembly host do.
    if os.path.islink(full):
        return scope("File", path, [])
    if os.path.isdir(full):
        files = []
        for root, _dirs, names in os.walk(full):
            files.extend(os.path.join(root, n) for n in names if not os.path.islink(os.path.join(root, n)))
        return scope("Folder", path, sorted(files))
    if os.path.isfile(full):
        return scope("File", path, [full])
    return scope("File", path, [])


# ------------------------------------------------------------------ checks

def max_lines(args, ws):
    paths = arg(args, 0, "scope", "scope")
    limit = arg(args, 1, "int", "n")
    offenders = []
    for p in paths:
        try:
            with open(p, "rb") as f:
                n = count_lines(f.read())
        except OSError as e:
            return {"Error": "cannot read %s: %s" % (rel(p, ws), e.strerror or e)}
        if n > limit:
            offenders.append((p, n))
    if not offenders:
        return {"Pass": None}
    listing = ", ".join("%s (%d)" % (rel(p, ws), n) for p, n in offenders)
    locations = [{"file": p, "line": limit + 1, "message": "%d lines, more than %d" % (n, limit)} for p, n in offenders]
    return fail("%d file(s) longer than %d lines: %s" % (len(offenders), limit, listing), locations)


def filename_case(args, ws):
    paths = arg(args, 0, "scope", "scope")
    style = arg(args, 1, "string", "style")
    pattern = CASE_PATTERNS.get(style)
    if pattern is None:
        return {"Error": "unknown style %s; expected snake, kebab, camel or pascal" % json.dumps(style, ensure_ascii=False)}
    offenders = []
    for p in paths:
        stem = os.path.basename(p).split(".", 1)[0]
        if stem and not pattern.match(stem):
            offenders.append(p)
    if not offenders:
        return {"Pass": None}
    listing = ", ".join(rel(p, ws) for p in offenders)
    locations = [{"file": p, "message": "file name is not %s case" % style} for p in offenders]
    return fail("%d file name(s) not in %s case: %s" % (len(offenders), style, listing), locations)


def has_header(args, ws):
    paths = arg(args, 0, "scope", "scope")
    header = arg(args, 1, "string", "text").encode("utf-8")
    offenders = []
    for p in paths:
        try:
            with open(p, "rb") as f:
                start = f.read(len(header))
        except OSError as e:
            return {"Error": "cannot read %s: %s" % (rel(p, ws), e.strerror or e)}
        if start != header:
            offenders.append(p)
    if not offenders:
        return {"Pass": None}
    listing = ", ".join(rel(p, ws) for p in offenders)
    locations = [{"file": p, "line": 1, "message": "missing header"} for p in offenders]
    text = header.decode("utf-8")
    return fail("%d file(s) do not start with %s: %s" % (len(offenders), json.dumps(text, ensure_ascii=False), listing), locations)


def always_pass(args, ws):
    return {"Pass": None}


def always_fail(args, ws):
    message = arg(args, 0, "string", "message", "Always fails")
    return {"Fail": message}


def file_count_check(args, ws):
    if not args or not (isinstance(args[0], dict) and isinstance(args[0].get("Scope"), dict)):
        return {"Error": "First argument must be a scope"}
    paths = arg(args, 0, "scope", "scope")
    limit = arg(args, 1, "int", "max", 100)
    if len(paths) <= limit:
        return {"Pass": None}
    return {"Fail": "Too many files: %d > %d" % (len(paths), limit)}


SELECTORS = {"files_with_extension": files_with_extension, "simple_selector": simple_selector}
CHECKS = {
    "max_lines": max_lines,
    "filename_case": filename_case,
    "has_header": has_header,
    "always_pass": always_pass,
    "always_fail": always_fail,
    "file_count_check": file_count_check,
}


# ------------------------------------------------------------------ documentation

def fn(name, description, params, returns, example):
    return {
        "name": name,
        "description": description,
        "parameters": [{"name": n, "type": t, "description": d} for n, t, d in params],
        "return_type": returns,
        "example": example,
    }


DOC = {
    "name": "conventions",
    "description": "File conventions: size limits, file-name case, license headers.",
    "version": VERSION,
    "functions": [
        fn("files_with_extension", "Every file of the workspace with this extension (skips .git and node_modules).",
           [("ext", "string", "extension, with or without the dot")], "Scope",
           "scope py = conventions.files_with_extension('py')"),
        fn("simple_selector", "A file or every file under a folder (compatible with the original sample plugin).",
           [("path", "string", "path relative to the workspace")], "Scope",
           "scope src = conventions.simple_selector('src')"),
    ],
    "checks": [
        fn("max_lines", "Every file has at most n lines.",
           [("scope", "Scope", "files to check"), ("n", "integer", "largest allowed line count")], "CheckResult",
           "check conventions.max_lines(py, 400)"),
        fn("filename_case", "Every file name (up to its first dot) is in the given case.",
           [("scope", "Scope", "files to check"), ("style", "string", "snake, kebab, camel or pascal")], "CheckResult",
           "check conventions.filename_case(py, 'snake')"),
        fn("has_header", "Every file starts with the given text.",
           [("scope", "Scope", "files to check"), ("text", "string", "required first bytes")], "CheckResult",
           "check conventions.has_header(py, '# SPDX-License-Identifier: MIT')"),
        fn("always_pass", "Always passes.", [], "CheckResult", "check conventions.always_pass()"),
        fn("always_fail", "Always fails with the message.", [("message", "string?", "the failure message")], "CheckResult",
           "check conventions.always_fail('todo')"),
        fn("file_count_check", "The scope holds at most max files (default 100).",
           [("scope", "Scope", "files"), ("max", "integer?", "limit (default 100)")], "CheckResult",
           "check conventions.file_count_check(src, 10)"),
    ],
}


def metadata():
    return {"name": "conventions", "version": VERSION, "functions": sorted(SELECTORS), "checks": sorted(CHECKS)}


# ------------------------------------------------------------------ JSON-RPC loop

def handle(request):
    method = request.get("method")
    params = request.get("params") or {}
    if method == "library.doc":
        return DOC
    if method == "library.metadata":
        return metadata()
    if method not in ("library.call", "library.check"):
        raise MethodNotFound("Unknown method: %s" % method)
    table = SELECTORS if method == "library.call" else CHECKS
    name = params.get("function")
    func = table.get(name)
    if func is None:
        kind = "selector" if method == "library.call" else "check"
        raise MethodNotFound("Unknown %s: conventions.%s" % (kind, name))
    workspace = os.path.abspath(params.get("workspace") or ".")
    return func(params.get("args") or [], workspace)


def respond(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    for raw in sys.stdin.buffer:
        line = raw.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
        except ValueError as e:
            respond({"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error: %s" % e}, "id": None})
            continue
        if not isinstance(request, dict):
            respond({"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid request"}, "id": None})
            continue
        rid = request.get("id")
        try:
            respond({"jsonrpc": "2.0", "result": handle(request), "id": rid})
        except InvalidParams as e:
            respond({"jsonrpc": "2.0", "error": {"code": -32602, "message": str(e)}, "id": rid})
        except MethodNotFound as e:
            respond({"jsonrpc": "2.0", "error": {"code": -32601, "message": str(e)}, "id": rid})
        except Exception as e:  # a bug in a function must not kill the plugin
            respond({"jsonrpc": "2.0", "error": {"code": -32000, "message": "%s: %s" % (type(e).__name__, e)}, "id": rid})


if __name__ == "__main__":
    main()
