//! The Python project model and module resolution, with the built-in `python` library's rules:
//! source roots are the workspace, `src/` when it holds Python files, and the parent folder of
//! every top-level package (the outermost folder of a chain of `__init__.py` folders); a dotted
//! name resolves to `x.py`, `x.pyi`, a package's `__init__.py`/`__init__.pyi`, or a namespace
//! package (a folder with Python files below it), trying the roots longest first. Files inside a
//! virtual environment (a folder holding `pyvenv.cfg`) and in tool folders are left out.

use crate::scan::Import;
use hielements_wasm_sdk::js_cmp;
use std::collections::{HashMap, HashSet};

/// Folders whose Python files are not part of the project.
const SKIPPED_DIRS: &[&str] = &["__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages"];

pub fn is_python_file(f: &str) -> bool {
    f.ends_with(".py") || f.ends_with(".pyi")
}

fn skipped(workspace: &str, file: &str, venvs: &[String]) -> bool {
    let rel = &file[(workspace.len() + 1).min(file.len())..];
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    parts.iter().any(|p| SKIPPED_DIRS.contains(p) || p.ends_with(".egg-info")) || venvs.iter().any(|v| file.starts_with(v.as_str()))
}

pub fn dirname(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) => "/",
        Some(i) => &p[..i],
        None => ".",
    }
}

pub fn basename(p: &str) -> &str {
    match p.rfind('/') {
        Some(i) => &p[i + 1..],
        None => p,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    /// The module file (`x.py`, or the package's `__init__.py`).
    pub file: Option<String>,
    /// The package folder when the name is a package (regular or namespace).
    pub package_dir: Option<String>,
    /// Not the module named but its nearest existing parent (`a` for a missing `a.b`).
    pub fallback: bool,
}

/// The nearest existing module of a missing dotted name (what `import a.b.c` loads first): the
/// longest prefix that is a module file; none when a namespace package (no file) comes first.
fn nearest_module(segs: &[&str], resolve: impl Fn(&[&str]) -> Option<Resolved>) -> Option<Resolved> {
    for n in (1..segs.len()).rev() {
        match resolve(&segs[..n]) {
            Some(Resolved { file: Some(f), .. }) => return Some(Resolved { file: Some(f), package_dir: None, fallback: true }),
            Some(Resolved { package_dir: Some(_), .. }) => return None,
            _ => {}
        }
    }
    None
}

pub struct Model {
    /// Python files of the workspace, absolute, sorted.
    pub files: Vec<String>,
    file_set: HashSet<String>,
    dir_set: HashSet<String>,
    /// Source roots, longest first.
    pub roots: Vec<String>,
    absolute: std::cell::RefCell<HashMap<String, Option<Resolved>>>,
}

impl Model {
    /// `all_files`: every file of the workspace walk (absolute).
    pub fn new(workspace: &str, all_files: &[String]) -> Model {
        // a virtual environment is a folder with `pyvenv.cfg`, whatever its name
        let venvs: Vec<String> = all_files.iter().filter(|f| basename(f) == "pyvenv.cfg").map(|f| format!("{}/", dirname(f))).collect();
        let files: Vec<String> = all_files.iter().filter(|f| is_python_file(f) && !skipped(workspace, f, &venvs)).cloned().collect();
        let file_set: HashSet<String> = files.iter().cloned().collect();
        let mut dir_set: HashSet<String> = HashSet::new();
        for f in &files {
            let mut d = dirname(f);
            while d.len() >= workspace.len() && !dir_set.contains(d) {
                dir_set.insert(d.to_string());
                if d == "/" {
                    break;
                }
                d = dirname(d);
            }
        }
        let mut roots: Vec<String> = vec![workspace.to_string()];
        let src = format!("{}/src", workspace);
        if dir_set.contains(&src) {
            roots.push(src);
        }
        for f in &files {
            if basename(f) != "__init__.py" {
                continue;
            }
            let mut pkg = dirname(f);
            while file_set.contains(&format!("{}/__init__.py", dirname(pkg))) {
                pkg = dirname(pkg);
            }
            let parent = dirname(pkg);
            if parent.len() >= workspace.len() && !roots.iter().any(|r| r == parent) {
                roots.push(parent.to_string());
            }
        }
        roots.sort_by(|a, b| b.len().cmp(&a.len()));
        Model { files, file_set, dir_set, roots, absolute: Default::default() }
    }

    /// `base/a/b.py`, `base/a/b.pyi`, `base/a/b/__init__.py(i)`, namespace `base/a/b/`.
    pub fn resolve_under(&self, base: &str, segments: &[&str]) -> Option<Resolved> {
        let dir = if base.ends_with('/') { base.to_string() } else { format!("{}/", base) };
        let p = if segments.is_empty() { base.to_string() } else { format!("{}{}", dir, segments.join("/")) };
        if !segments.is_empty() {
            for ext in [".py", ".pyi"] {
                let f = format!("{}{}", p, ext);
                if self.file_set.contains(&f) {
                    return Some(Resolved { file: Some(f), package_dir: None, fallback: false });
                }
            }
        }
        let pkg = if segments.is_empty() { dir } else { format!("{}/", p) };
        for init in ["__init__.py", "__init__.pyi"] {
            let f = format!("{}{}", pkg, init);
            if self.file_set.contains(&f) {
                return Some(Resolved { file: Some(f), package_dir: Some(p), fallback: false });
            }
        }
        if self.dir_set.contains(&p) {
            return Some(Resolved { file: None, package_dir: Some(p), fallback: false });
        }
        None
    }

    /// An absolute dotted name, trying every source root.
    pub fn resolve_absolute(&self, dotted: &str) -> Option<Resolved> {
        if dotted.is_empty() || dotted.starts_with('.') {
            return None;
        }
        if let Some(r) = self.absolute.borrow().get(dotted) {
            return r.clone();
        }
        let segs: Vec<&str> = dotted.split('.').collect();
        let found = self.roots.iter().find_map(|root| self.resolve_under(root, &segs));
        self.absolute.borrow_mut().insert(dotted.to_string(), found.clone());
        found
    }

    /// Dotted module name of a file, relative to the first (longest) root holding it.
    pub fn module_name_of(&self, file: &str) -> Option<String> {
        for root in &self.roots {
            let prefix = format!("{}/", root);
            if let Some(rest) = file.strip_prefix(prefix.as_str()) {
                let rest = rest.strip_suffix(".pyi").or_else(|| rest.strip_suffix(".py")).unwrap_or(rest);
                let mut parts: Vec<&str> = rest.split('/').collect();
                if parts.last() == Some(&"__init__") {
                    parts.pop();
                }
                return Some(parts.join("."));
            }
        }
        None
    }

    /// Files below a folder.
    pub fn under(&self, dir: &str) -> Vec<String> {
        let prefix = if dir.ends_with('/') { dir.to_string() } else { format!("{}/", dir) };
        self.files.iter().filter(|f| f.starts_with(prefix.as_str())).cloned().collect()
    }
}

/// One import statement resolved: the absolute names it imports and the workspace files it reaches.
pub struct Resolution<'a> {
    pub import: &'a Import,
    pub names: Vec<String>,
    /// (file, specifier that reached it)
    pub targets: Vec<(String, String)>,
}

/// Resolves one file's imports (`import a.b.c` reaches the longest prefix that is a module;
/// `from p import x` reaches `p/x` when it is a submodule, else `p`; relative imports count
/// their dots from the file's folder).
pub fn resolve_imports<'a>(m: &Model, file: &str, imports: &'a [Import]) -> Vec<Resolution<'a>> {
    let own = m.module_name_of(file);
    let mut out = Vec::new();
    for imp in imports {
        let names_list = match &imp.names {
            None => {
                let segs: Vec<&str> = imp.specifier.split('.').collect();
                let mut targets = Vec::new();
                for n in (1..=segs.len()).rev() {
                    match m.resolve_absolute(&segs[..n].join(".")) {
                        Some(Resolved { file: Some(f), .. }) => {
                            targets.push((f, imp.specifier.clone()));
                            break;
                        }
                        Some(Resolved { package_dir: Some(_), .. }) => break,
                        _ => {}
                    }
                }
                out.push(Resolution { import: imp, names: vec![imp.specifier.clone()], targets });
                continue;
            }
            Some(n) => n,
        };
        let level = imp.specifier.bytes().take_while(|&b| b == b'.').count();
        let rest = &imp.specifier[level..];
        let rest_segs: Vec<&str> = if rest.is_empty() { Vec::new() } else { rest.split('.').collect() };
        let (base_abs, base) = if level == 0 {
            // `from a.b import n` where `a.b` is no module: its nearest existing parent
            let base = m.resolve_absolute(rest).or_else(|| nearest_module(&rest_segs, |segs| m.resolve_absolute(&segs.join("."))));
            (Some(rest.to_string()), base)
        } else {
            let mut dir = dirname(file).to_string();
            for _ in 1..level {
                dir = dirname(&dir).to_string();
            }
            let mut base = m.resolve_under(&dir, &rest_segs);
            if base.is_none() && !rest_segs.is_empty() {
                base = nearest_module(&rest_segs, |segs| m.resolve_under(&dir, segs));
            }
            let base_abs = own.as_ref().map(|own| {
                let parts: Vec<&str> = own.split('.').collect();
                let pkg: &[&str] = if basename(file).starts_with("__init__.") { &parts[..] } else { &parts[..parts.len().saturating_sub(1)] };
                let keep = pkg.len().saturating_sub(level - 1);
                let mut all: Vec<&str> = pkg[..keep].to_vec();
                all.extend(rest_segs.iter().copied());
                all.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(".")
            });
            (base_abs, base)
        };
        let fallback = base.as_ref().map_or(false, |b| b.fallback);
        let mut names = Vec::new();
        let base_abs = base_abs.filter(|b| !b.is_empty());
        if let Some(b) = &base_abs {
            names.push(b.clone());
        }
        let mut targets = Vec::new();
        let mut base_used = false;
        for n in names_list {
            if n == "*" {
                base_used = true;
                continue;
            }
            if let Some(b) = &base_abs {
                names.push(format!("{}.{}", b, n));
            }
            let sub = match base.as_ref().and_then(|r| r.package_dir.as_ref()) {
                Some(dir) if !fallback => m.resolve_under(dir, &n.split('.').collect::<Vec<_>>()),
                _ => None,
            };
            match sub.and_then(|s| s.file) {
                Some(f) => {
                    let sep = if imp.specifier.ends_with('.') { "" } else { "." };
                    targets.push((f, format!("{}{}{}", imp.specifier, sep, n)));
                }
                None => base_used = true,
            }
        }
        if base_used || names_list.is_empty() || fallback {
            if let Some(f) = base.as_ref().and_then(|r| r.file.clone()) {
                targets.push((f, imp.specifier.clone()));
            }
        }
        out.push(Resolution { import: imp, names, targets });
    }
    out
}

/// A resolved dependency: file → file, with the import's specifier and position.
pub struct Edge {
    pub from: String,
    pub to: String,
    pub specifier: String,
    pub line: u32,
    pub column: u32,
}

/// Edges of one file that reach workspace files (each target once per statement).
pub fn edges(m: &Model, file: &str, imports: &[Import], out: &mut Vec<Edge>) {
    for r in resolve_imports(m, file, imports) {
        let mut seen: Vec<&str> = Vec::new();
        for (to, spec) in &r.targets {
            if seen.contains(&to.as_str()) {
                continue;
            }
            seen.push(to);
            out.push(Edge { from: file.to_string(), to: to.clone(), specifier: spec.clone(), line: r.import.line, column: r.import.column });
        }
    }
}

/// Sort like JavaScript's `Array.prototype.sort()` (UTF-16 order) and remove duplicates.
pub fn sorted_unique(mut v: Vec<String>) -> Vec<String> {
    v.sort_by(|a, b| js_cmp(a, b));
    v.dedup();
    v
}
