//! A subset of the built-in `python` library, written in Rust with the hielements-wasm-sdk and
//! compiled to a sandboxed WebAssembly module: module and package selectors, class and function
//! selectors, `imports`, `no_import`, `class_exists`, `function_exists`, `depends_on` and
//! `no_dependency`, under the built-in names, argument order, error codes and messages. Files are
//! read and listed only through the host (`file_read`). The equivalence with the built-in library
//! (tree-sitter) and the external `ast` plugin is tested in test/examples/python-analyzers.test.ts
//! and over a whole standard library by scripts/compare-python-analyzers.mjs.

#[path = "../../rust-files/src/gitignore.rs"]
mod gitignore;
#[path = "../../rust-files/src/glob.rs"]
#[allow(dead_code)]
mod glob;
pub mod model;
pub mod scan;
mod walk;

use hielements_wasm_sdk::host;
use hielements_wasm_sdk::*;
use model::{edges, is_python_file, resolve_imports, sorted_unique, Edge, Model};
use scan::{Facts, SymbolKind};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const LIB: &str = "python";

/// The library: the workspace model and each file's facts are kept for the instance's lifetime
/// (one run), like the built-in library's per-run cache.
#[derive(Default)]
pub struct Python {
    workspace: RefCell<String>,
    model: RefCell<Option<Rc<Model>>>,
    facts: RefCell<HashMap<String, Rc<Facts>>>,
    /// Workspace-wide definitions: (name, is a class) → files, in the model's order.
    defined: RefCell<Option<Rc<HashMap<(String, bool), Vec<String>>>>>,
}

/// A parameter: name, type, error code.
struct P(&'static str, &'static str, &'static str);

/// A function's parameter list; `leading`: an optional scope may come first (`within`).
struct Spec {
    name: &'static str,
    leading: bool,
    params: &'static [P],
}

const SPECS: &[Spec] = &[
    Spec { name: "module_selector", leading: false, params: &[P("module_path", "string", "E400")] },
    Spec { name: "package_selector", leading: false, params: &[P("package_name", "string", "E403")] },
    Spec { name: "function_selector", leading: true, params: &[P("func_name", "string", "E401")] },
    Spec { name: "class_selector", leading: true, params: &[P("class_name", "string", "E402")] },
    Spec { name: "imports", leading: false, params: &[P("scope", "scope", "E410"), P("module_name", "string", "E411")] },
    Spec { name: "no_import", leading: false, params: &[P("scope", "scope", "E412"), P("module_name", "string", "E413")] },
    Spec { name: "function_exists", leading: true, params: &[P("func_name", "string", "E430")] },
    Spec { name: "class_exists", leading: true, params: &[P("class_name", "string", "E431")] },
    Spec { name: "depends_on", leading: false, params: &[P("source", "scope", "E434"), P("target", "scope", "E435")] },
    Spec { name: "no_dependency", leading: false, params: &[P("source", "scope", "E436"), P("target", "scope", "E437")] },
];

/// Validated arguments: the optional leading scope, then the parameters in order.
struct Parsed<'a> {
    within: Option<&'a Scope>,
    values: Vec<&'a Value>,
}

impl<'a> Parsed<'a> {
    fn str(&self, i: usize) -> &'a str {
        self.values[i].as_str().unwrap_or("")
    }
    fn scope(&self, i: usize) -> &'a Scope {
        self.values[i].as_scope().expect("validated")
    }
}

fn article(ty: &str) -> &'static str {
    if ty.starts_with(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')) {
        "an"
    } else {
        "a"
    }
}

/// The built-in libraries' argument rules and messages (an optional leading scope, then the
/// parameters; codes per parameter, `E498` for too many arguments).
fn parse<'a>(spec: &Spec, args: &'a [Value]) -> Result<Parsed<'a>, Error> {
    let q = format!("{}.{}", LIB, spec.name);
    let mut rest = args;
    let mut within = None;
    let mut offset = 0;
    if spec.leading {
        if let Some(Value::Scope(s)) = rest.first() {
            within = Some(s);
            rest = &rest[1..];
            offset = 1;
        }
    }
    let mut values = Vec::new();
    for (i, p) in spec.params.iter().enumerate() {
        let v = match rest.get(i) {
            Some(v) => v,
            None => return Err(Error::new(p.2, format!("{}: missing argument {} ({}: {})", q, i + 1 + offset, p.0, p.1))),
        };
        let ok = matches!((p.1, v), ("string", Value::Str(_)) | ("scope", Value::Scope(_)));
        if !ok {
            return Err(Error::new(p.2, format!("{}: argument {} ({}) must be {} {}, got {}", q, i + 1 + offset, p.0, article(p.1), p.1, v.type_name())));
        }
        values.push(v);
    }
    if rest.len() > spec.params.len() {
        let got = args.iter().map(|a| a.type_name()).collect::<Vec<_>>().join(", ");
        let mut sig: Vec<String> = spec.params.iter().map(|p| format!("{}: {}", p.0, p.1)).collect();
        if spec.leading {
            sig.insert(0, "[within: scope]".to_string());
        }
        return Err(Error::new("E498", format!("{}: too many arguments ({}); expected {}({})", q, got, q, sig.join(", "))));
    }
    Ok(Parsed { within, values })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `path.relative(workspace, abs)` with `/` separators (`.` for the workspace itself).
fn rel(workspace: &str, abs: &str) -> String {
    if abs == workspace {
        return ".".to_string();
    }
    if let Some(r) = abs.strip_prefix(workspace).and_then(|r| r.strip_prefix('/')) {
        return r.to_string();
    }
    let a: Vec<&str> = workspace.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = abs.split('/').filter(|s| !s.is_empty()).collect();
    let common = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<&str> = vec![".."; a.len() - common];
    parts.extend_from_slice(&b[common..]);
    parts.join("/")
}

fn matches_module(name: &str, wanted: &str) -> bool {
    name == wanted || (name.len() > wanted.len() && name.starts_with(wanted) && name.as_bytes()[wanted.len()] == b'.')
}

impl Python {
    fn model(&self, ctx: &Context) -> Rc<Model> {
        if *self.workspace.borrow() != ctx.workspace() {
            *self.workspace.borrow_mut() = ctx.workspace().to_string();
            *self.model.borrow_mut() = None;
            *self.defined.borrow_mut() = None;
            self.facts.borrow_mut().clear();
        }
        if let Some(m) = &*self.model.borrow() {
            return m.clone();
        }
        let m = Rc::new(Model::new(ctx.workspace(), &walk::walk(ctx.workspace())));
        *self.model.borrow_mut() = Some(m.clone());
        m
    }

    /// Facts of a file, read through the host once per run (unreadable: no facts).
    fn facts(&self, file: &str) -> Rc<Facts> {
        if let Some(f) = self.facts.borrow().get(file) {
            return f.clone();
        }
        let f = Rc::new(match host::read_to_string(file) {
            Ok(text) => scan::scan(&text),
            Err(_) => Facts::default(),
        });
        self.facts.borrow_mut().insert(file.to_string(), f.clone());
        f
    }

    /// Files with a class (or function/method) of that name: all of the workspace's Python
    /// files, or the scope's.
    fn defining(&self, ctx: &Context, within: Option<&Scope>, name: &str, class: bool) -> Vec<String> {
        match within {
            Some(s) => s
                .paths
                .iter()
                .filter(|p| is_python_file(p))
                .filter(|f| self.facts(f).symbols.iter().any(|s| s.name == name && (s.kind == SymbolKind::Class) == class))
                .cloned()
                .collect(),
            None => self.definitions(ctx).get(&(name.to_string(), class)).cloned().unwrap_or_default(),
        }
    }

    /// Every definition of the workspace, indexed once per run.
    fn definitions(&self, ctx: &Context) -> Rc<HashMap<(String, bool), Vec<String>>> {
        let m = self.model(ctx);
        if let Some(d) = &*self.defined.borrow() {
            return d.clone();
        }
        let mut index: HashMap<(String, bool), Vec<String>> = HashMap::new();
        for f in &m.files {
            for s in &self.facts(f).symbols {
                let files = index.entry((s.name.clone(), s.kind == SymbolKind::Class)).or_default();
                if files.last() != Some(f) {
                    files.push(f.clone());
                }
            }
        }
        let index = Rc::new(index);
        *self.defined.borrow_mut() = Some(index.clone());
        index
    }

    fn edges_between(&self, ctx: &Context, source: &Scope, target: &Scope) -> Vec<Edge> {
        let m = self.model(ctx);
        let mut all = Vec::new();
        for f in source.paths.iter().filter(|p| is_python_file(p)) {
            edges(&m, f, &self.facts(f).imports, &mut all);
        }
        all.into_iter().filter(|e| e.from != e.to && target.paths.iter().any(|p| *p == e.to)).collect()
    }

    fn select(&self, function: &str, a: &Parsed, ctx: &Context) -> Value {
        let m = self.model(ctx);
        let (kind, paths, description) = match function {
            "module_selector" | "package_selector" => {
                let name = a.str(0);
                let r = m.resolve_absolute(name);
                let dir = r.as_ref().and_then(|r| r.package_dir.clone());
                let file = r.as_ref().and_then(|r| r.file.clone());
                let paths = match (dir, file) {
                    (Some(d), _) => m.under(&d),
                    (None, Some(f)) if function == "module_selector" => vec![f],
                    _ => Vec::new(),
                };
                let kind = if function == "module_selector" { ScopeKind::File(name.to_string()) } else { ScopeKind::Folder(name.to_string()) };
                (kind, paths, format!("python.{}('{}')", function, name))
            }
            _ => {
                let name = a.str(0);
                let class = function == "class_selector";
                let paths = self.defining(ctx, a.within, name, class);
                let label = if class { "class" } else { "fn" };
                (ScopeKind::File(format!("{}:{}", label, name)), paths, format!("python.{}('{}')", function, name))
            }
        };
        let mut s = Scope::new(kind, sorted_unique(paths)).with_language("python").with_description(&description);
        s.resolved = true;
        Value::Scope(s)
    }

    fn run_check(&self, function: &str, a: &Parsed, ctx: &Context) -> CheckResult {
        let ws = ctx.workspace();
        match function {
            "imports" | "no_import" => {
                let scope = a.scope(0);
                let want = a.str(1);
                let m = self.model(ctx);
                let mut locations = Vec::new();
                let mut first: Option<(String, u32)> = None;
                for f in scope.paths.iter().filter(|p| is_python_file(p)) {
                    let facts = self.facts(f);
                    for r in resolve_imports(&m, f, &facts.imports) {
                        if !r.names.iter().any(|n| matches_module(n, want)) {
                            continue;
                        }
                        if function == "imports" {
                            return CheckResult::Pass;
                        }
                        if first.is_none() {
                            first = Some((rel(ws, f), r.import.line));
                        }
                        locations.push(Location::file(f).at(r.import.line, r.import.column).message(&r.import.text));
                    }
                }
                if function == "imports" {
                    return CheckResult::fail(format!("Scope {} does not import '{}'", scope.label(), want));
                }
                match first {
                    None => CheckResult::Pass,
                    Some((file, line)) => {
                        let n = locations.len();
                        CheckResult::fail_at(format!("Scope {} imports '{}' but should not ({} import{}, first {}:{})", scope.label(), want, n, plural(n), file, line), locations)
                    }
                }
            }
            "function_exists" | "class_exists" => {
                let name = a.str(0);
                let class = function == "class_exists";
                if !self.defining(ctx, a.within, name, class).is_empty() {
                    return CheckResult::Pass;
                }
                let what = if class { "Class" } else { "Function" };
                let place = a.within.map(|s| format!(" in {}", s.label())).unwrap_or_default();
                CheckResult::fail(format!("{} '{}' not found{}", what, name, place))
            }
            "depends_on" | "no_dependency" => {
                let (source, target) = (a.scope(0), a.scope(1));
                let found = self.edges_between(ctx, source, target);
                if function == "depends_on" {
                    if found.is_empty() {
                        return CheckResult::fail(format!("No dependency found: {} does not import anything from {}", source.label(), target.label()));
                    }
                    return CheckResult::Pass;
                }
                let first = match found.first() {
                    None => return CheckResult::Pass,
                    Some(e) => e,
                };
                let message = format!(
                    "Forbidden dependency detected: {} import{} from {} into {}, first {}:{}:{} '{}'",
                    found.len(),
                    plural(found.len()),
                    source.label(),
                    target.label(),
                    rel(ws, &first.from),
                    first.line,
                    first.column,
                    first.specifier
                );
                let locations = found.iter().map(|e| Location::file(&e.from).at(e.line, e.column).message(&format!("{} → {}", e.specifier, rel(ws, &e.to)))).collect();
                CheckResult::fail_at(message, locations)
            }
            _ => CheckResult::error(format!("unknown check {}", function)),
        }
    }
}

fn string(name: &str, description: &str, code: &str) -> Param {
    Param::new(name, "string", description).code(code)
}

fn scope(name: &str, description: &str, code: &str) -> Param {
    Param::new(name, "scope", description).code(code)
}

fn within() -> Param {
    Param::new("within", "scope?", "Only search these files (default: the whole workspace)")
}

impl Library for Python {
    fn metadata(&self) -> Metadata {
        let mut m = Metadata::new(LIB, "1.0.0", "Python modules, packages, classes, functions and imports, from a tokenizer-level scanner (a subset of the built-in python library)")
            .capabilities(&["file_read"])
            .function(
                FunctionDoc::selector("module_selector", "Selects a module by its dotted name, resolved like the import system does (source roots: the workspace, `src/`, and the parent of every top-level package). A module file selects that file; a package selects every file of the package, recursively.")
                    .param(string("module_path", "Dotted module name, e.g. orders.api", "E400"))
                    .example("scope api = python.module_selector('orders.api')"),
            )
            .function(
                FunctionDoc::selector("package_selector", "Selects every Python file of a package (regular or namespace), recursively. A plain module is not a package: the scope is empty.")
                    .param(string("package_name", "Dotted package name, e.g. orders", "E403"))
                    .example("scope orders = python.package_selector('orders')"),
            )
            .function(
                FunctionDoc::selector("function_selector", "Selects the files that define a function or method (`def`/`async def`) with exactly this name. An optional leading scope restricts the search.")
                    .param(within())
                    .param(string("func_name", "Name of the function or method", "E401"))
                    .example("scope handlers = python.function_selector('handle_order')"),
            )
            .function(
                FunctionDoc::selector("class_selector", "Selects the files that define a class with exactly this name. An optional leading scope restricts the search.")
                    .param(within())
                    .param(string("class_name", "Name of the class", "E402"))
                    .example("scope service = python.class_selector('OrderService')"),
            )
            .check(
                FunctionDoc::check("imports", "Passes if some file of the scope imports the module (or a submodule of it), relative imports resolved to their absolute name. Comments and strings never count.")
                    .param(scope("scope", "Scope to check", "E410"))
                    .param(string("module_name", "Absolute dotted module name", "E411"))
                    .example("check python.imports(api, 'orders.domain')"),
            )
            .check(
                FunctionDoc::check("no_import", "Fails if some file of the scope imports the module or one of its submodules; every offending import statement is reported.")
                    .param(scope("scope", "Scope to check", "E412"))
                    .param(string("module_name", "Absolute dotted module name", "E413"))
                    .example("check python.no_import(domain, 'django')"),
            )
            .check(
                FunctionDoc::check("function_exists", "Passes if a function or method with exactly this name is defined in the workspace, or in the given scope.")
                    .param(within())
                    .param(string("func_name", "Name of the function or method", "E430"))
                    .example("check python.function_exists(api, 'main')"),
            )
            .check(
                FunctionDoc::check("class_exists", "Passes if a class with exactly this name is defined in the workspace, or in the given scope.")
                    .param(within())
                    .param(string("class_name", "Name of the class", "E431"))
                    .example("check python.class_exists('OrderService')"),
            )
            .check(
                FunctionDoc::check("depends_on", "Passes if some file of the first scope imports (resolved with Python's module rules) a file of the second scope.")
                    .param(scope("source", "Importing scope", "E434"))
                    .param(scope("target", "Imported scope", "E435"))
                    .example("check python.depends_on(api, domain)"),
            )
            .check(
                FunctionDoc::check("no_dependency", "Fails if some file of the first scope imports a file of the second scope; each offending import is reported with its location.")
                    .param(scope("source", "Importing scope", "E436"))
                    .param(scope("target", "Scope that must not be imported", "E437"))
                    .example("check python.no_dependency(domain, api)"),
            );
        // the leading optional scope is checked here, like the built-in library does
        m.validate_args = false;
        m
    }

    fn call(&self, function: &str, args: &[Value], ctx: &Context) -> Result<Value, Error> {
        let spec = SPECS.iter().find(|s| s.name == function && s.name.ends_with("_selector"));
        let spec = spec.ok_or_else(|| Error::new("E499", format!("Unknown function: {}.{}", LIB, function)))?;
        let a = parse(spec, args)?;
        Ok(self.select(function, &a, ctx))
    }

    fn check(&self, function: &str, args: &[Value], ctx: &Context) -> Result<CheckResult, Error> {
        let spec = SPECS.iter().find(|s| s.name == function && !s.name.ends_with("_selector"));
        let spec = spec.ok_or_else(|| Error::new("E499", format!("Unknown check: {}.{}", LIB, function)))?;
        let a = parse(spec, args)?;
        // An empty scope never reaches here unless the user allowed empty scopes: the host fails
        // such checks itself, for every kind of library.
        Ok(self.run_check(function, &a, ctx))
    }
}

export_library!(Python::default());
