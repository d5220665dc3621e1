//! The built-in `files` library, written in Rust with the hielements-wasm-sdk and compiled to a
//! sandboxed WebAssembly module. Same functions, arguments, error codes and messages as the
//! built-in one (src/libraries/builtin/files.ts); test/libraries/wasm-rust compares the two on
//! the same fixture tree. Differences are listed in docs/rust_sdk.md ("The rust-files example").

mod gitignore;
mod glob;
mod paths;
mod walk;

use glob::Glob;
use hielements_wasm_sdk::host::{self, Existence};
use hielements_wasm_sdk::*;
use paths::{basename, common_dir, dirname, has_name, relative, resolve_in, under};
use std::cell::RefCell;
use std::rc::Rc;
use walk::{walk, WalkResult};

/// The library; keeps one workspace walk per workspace for its lifetime (one run), as the
/// built-in library's per-run cache does.
#[derive(Default)]
pub struct Files {
    walked: RefCell<Option<(String, Rc<WalkResult>)>>,
}

fn s(name: &str, code: &str, description: &str) -> Param {
    Param::new(name, "string", description).code(code)
}
fn s_opt(name: &str, code: &str, description: &str) -> Param {
    Param::new(name, "string?", description).code(code)
}
fn scope(code: &str) -> Param {
    Param::new("scope", "scope", "Scope to check").code(code)
}
fn int(name: &str, code: &str, description: &str) -> Param {
    Param::new(name, "integer", description).code(code)
}
fn int_opt(name: &str, code: &str, description: &str) -> Param {
    Param::new(name, "integer?", description).code(code)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `File("x")` / `Folder("x")` / `Glob("x")` (scopes carry no description over the wire).
fn label(s: &Scope) -> String {
    s.kind.label()
}

fn kind_of(abs: &str) -> Option<Existence> {
    match host::file_exists(abs) {
        Ok(Existence::None) | Err(_) => None,
        Ok(k) => Some(k),
    }
}

fn non_negative(n: i64, function: &str, arg: &str, code: &str) -> Result<i64, Error> {
    if n < 0 {
        return Err(Error::new(code, format!("files.{}: {} must not be negative, got {}", function, arg, n)));
    }
    Ok(n)
}

impl Files {
    fn walked(&self, ctx: &Context) -> Rc<WalkResult> {
        if let Some((ws, w)) = &*self.walked.borrow() {
            if ws == ctx.workspace() {
                return w.clone();
            }
        }
        let w = Rc::new(walk(ctx.workspace()));
        *self.walked.borrow_mut() = Some((ctx.workspace().to_string(), w.clone()));
        w
    }

    /// The directory a scope stands for (see the built-in `baseDir`).
    fn base_dir(&self, sc: &Scope, ctx: &Context) -> Option<String> {
        if let ScopeKind::Folder(f) = &sc.kind {
            if let Ok(d) = resolve_in(ctx.workspace(), f, "", "E101") {
                if kind_of(&d) == Some(Existence::Directory) {
                    return Some(d);
                }
            }
        }
        if let ScopeKind::File(_) = &sc.kind {
            if sc.paths.len() == 1 {
                return Some(dirname(&sc.paths[0]));
            }
        }
        common_dir(&sc.paths).or_else(|| if let ScopeKind::Glob(_) = sc.kind { Some(ctx.workspace().to_string()) } else { None })
    }

    fn rel(&self, ctx: &Context, abs: &str) -> String {
        relative(ctx.workspace(), abs)
    }

    // ------------------------------------------------------------ selectors

    fn file_selector(&self, a: &Args, ctx: &Context) -> Result<Value, Error> {
        let p = a.str(0)?;
        let abs = resolve_in(ctx.workspace(), p, "files.file_selector", "E100")?;
        let found = if kind_of(&abs) == Some(Existence::File) { vec![abs] } else { Vec::new() };
        Ok(Value::Scope(Scope::new(ScopeKind::File(p.to_string()), found)))
    }

    fn folder_selector(&self, a: &Args, ctx: &Context) -> Result<Value, Error> {
        let p = a.str(0)?;
        let abs = resolve_in(ctx.workspace(), p, "files.folder_selector", "E101")?;
        let mut found: Vec<String> = Vec::new();
        if kind_of(&abs) == Some(Existence::Directory) {
            let w = self.walked(ctx);
            found = if abs == ctx.workspace() { w.files.clone() } else { under(&w.files, &abs).cloned().collect() };
            if found.is_empty() {
                // An explicitly named, ignored folder: walk it on its own.
                found = walk(&abs).files.iter().map(|f| paths::normalize(f)).collect();
            }
        }
        Ok(Value::Scope(Scope::new(ScopeKind::Folder(p.to_string()), found)))
    }

    fn glob_selector(&self, a: &Args, ctx: &Context) -> Result<Value, Error> {
        let g = a.str(0)?;
        let literal_head = match g.find(|c| matches!(c, '*' | '?' | '[' | '{')) {
            Some(i) => &g[..i],
            None => g,
        };
        resolve_in(ctx.workspace(), if literal_head.is_empty() { "." } else { literal_head }, "files.glob_selector", "E102")?;
        let m = Glob::new(g.strip_prefix("./").unwrap_or(g));
        let w = self.walked(ctx);
        let found = w.files.iter().filter(|f| m.is_match(&self.rel(ctx, f))).cloned().collect();
        Ok(Value::Scope(Scope::new(ScopeKind::Glob(g.to_string()), found)))
    }

    // ------------------------------------------------------------ checks

    fn exists(&self, a: &Args, ctx: &Context) -> Result<CheckResult, Error> {
        let sc = a.scope(0)?;
        let name = match a.opt_str(1)? {
            Some(n) => n,
            None => return Ok(CheckResult::Pass),
        };
        if let ScopeKind::Folder(_) = sc.kind {
            if let Some(dir) = self.base_dir(sc, ctx) {
                let target = resolve_in(&dir, name, "files.exists", "E111")?;
                if kind_of(&target).is_some() {
                    return Ok(CheckResult::Pass);
                }
                return Ok(CheckResult::fail(format!("File '{}' does not exist in folder '{}'", name, self.rel(ctx, &dir))));
            }
        }
        if let ScopeKind::File(_) = sc.kind {
            if sc.paths.len() == 1 && (name.is_empty() || name == "." || has_name(&sc.paths[0], name)) {
                return Ok(CheckResult::Pass);
            }
        }
        if sc.paths.iter().any(|p| has_name(p, name)) {
            return Ok(CheckResult::Pass);
        }
        Ok(CheckResult::fail(format!("No file named '{}' found in {}", name, label(sc))))
    }

    fn contains(&self, a: &Args, ctx: &Context) -> Result<CheckResult, Error> {
        let sc = a.scope(0)?;
        let name = a.str(1)?;
        if sc.paths.iter().any(|p| has_name(p, name)) {
            return Ok(CheckResult::Pass);
        }
        if let ScopeKind::Folder(f) = &sc.kind {
            if let Some(dir) = self.base_dir(sc, ctx) {
                if kind_of(&resolve_in(&dir, name, "files.contains", "E113")?).is_some() {
                    return Ok(CheckResult::Pass);
                }
            }
            return Ok(CheckResult::fail(format!("Folder '{}' does not contain '{}'", f, name)));
        }
        Ok(CheckResult::fail(format!("Scope {} does not contain '{}'", label(sc), name)))
    }

    fn no_files_matching(&self, a: &Args, ctx: &Context) -> Result<CheckResult, Error> {
        let sc = a.scope(0)?;
        let pattern = a.str(1)?;
        let m = Glob::new(pattern);
        let dir = self.base_dir(sc, ctx).unwrap_or_else(|| ctx.workspace().to_string());
        let w = self.walked(ctx);
        let candidates: Vec<&String> = if dir == ctx.workspace() {
            w.files.iter().chain(w.dirs.iter().filter(|d| **d != dir)).collect()
        } else {
            under(&w.files, &dir).chain(under(&w.dirs, &dir)).collect()
        };
        let mut hits: Vec<&String> = candidates.into_iter().filter(|f| m.is_match(&relative(&dir, f))).collect();
        hits.sort_by(|a, b| js_cmp(a, b));
        if hits.is_empty() {
            return Ok(CheckResult::Pass);
        }
        let shown: Vec<String> = hits.iter().take(5).map(|h| self.rel(ctx, h)).collect();
        let more = if hits.len() > 5 { format!(", … ({} more)", hits.len() - 5) } else { String::new() };
        let locations = hits.iter().take(50).map(|f| Location::file(f).message(&format!("matches '{}'", pattern))).collect();
        Ok(CheckResult::fail_at(
            format!("Found {} file{} matching pattern '{}': {}{}", hits.len(), plural(hits.len()), pattern, shown.join(", "), more),
            locations,
        ))
    }

    fn max_size(&self, a: &Args, ctx: &Context) -> Result<CheckResult, Error> {
        let sc = a.scope(0)?;
        let max = non_negative(a.int(1)?, "max_size", "max_bytes", "E117")?;
        let mut big: Vec<Location> = Vec::new();
        for p in &sc.paths {
            // The host has no stat: the size is the length of the file's contents.
            let message = match host::read_file(p) {
                Ok(bytes) if bytes.len() as u64 > max as u64 => format!("{} bytes > {}", bytes.len(), max),
                Err(e) if e.status == host::TOO_LARGE => format!("too large to read > {}", max),
                _ => continue, // small enough, or vanished since selection
            };
            big.push(Location::file(p).message(&message));
        }
        if big.is_empty() {
            return Ok(CheckResult::Pass);
        }
        let n = big.len();
        let shown: Vec<String> = big.iter().take(5).map(|b| format!("{} ({})", self.rel(ctx, &b.file), b.message.as_deref().unwrap_or(""))).collect();
        Ok(CheckResult::fail_at(
            format!(
                "{} file{} exceed{} the maximum size of {} bytes: {}{}",
                n,
                plural(n),
                if n == 1 { "s" } else { "" },
                max,
                shown.join(", "),
                if n > 5 { ", …" } else { "" }
            ),
            big,
        ))
    }

    fn matches_pattern(&self, a: &Args, ctx: &Context) -> Result<CheckResult, Error> {
        let sc = a.scope(0)?;
        let pattern = a.str(1)?;
        let m = Glob::new(pattern);
        let by_base = !pattern.contains('/');
        let bad: Vec<&String> = sc.paths.iter().filter(|p| !m.is_match(&if by_base { basename(p).to_string() } else { self.rel(ctx, p) })).collect();
        if bad.is_empty() {
            return Ok(CheckResult::Pass);
        }
        let n = bad.len();
        let shown: Vec<String> = bad.iter().take(5).map(|b| self.rel(ctx, b)).collect();
        let locations = bad.iter().take(50).map(|f| Location::file(f).message(&format!("does not match '{}'", pattern))).collect();
        Ok(CheckResult::fail_at(
            format!("{} file{} of {} do{} not match '{}': {}{}", n, plural(n), label(sc), if n == 1 { "es" } else { "" }, pattern, shown.join(", "), if n > 5 { ", …" } else { "" }),
            locations,
        ))
    }

    fn file_count(&self, a: &Args) -> Result<CheckResult, Error> {
        let sc = a.scope(0)?;
        let min = non_negative(a.int(1)?, "file_count", "min", "E121")?;
        let max = match a.opt_int(2)? {
            Some(m) => Some(non_negative(m, "file_count", "max", "E122")?),
            None => None,
        };
        let n = sc.paths.len() as i64;
        if n < min {
            return Ok(CheckResult::fail(format!("{} has {} file{}, fewer than the minimum {}", label(sc), n, plural(n as usize), min)));
        }
        if let Some(max) = max {
            if n > max {
                return Ok(CheckResult::fail(format!("{} has {} files, more than the maximum {}", label(sc), n, max)));
            }
        }
        Ok(CheckResult::Pass)
    }

    fn max_files(&self, a: &Args) -> Result<CheckResult, Error> {
        let sc = a.scope(0)?;
        let max = non_negative(a.int(1)?, "max_files", "max", "E124")?;
        if sc.paths.len() as i64 > max {
            return Ok(CheckResult::fail(format!("{} has {} files, more than the maximum {}", label(sc), sc.paths.len(), max)));
        }
        Ok(CheckResult::Pass)
    }

    fn contains_text(&self, a: &Args) -> Result<CheckResult, Error> {
        let sc = a.scope(0)?;
        let text = a.str(1)?;
        for p in &sc.paths {
            if let Ok(t) = host::read_to_string(p) {
                if t.contains(text) {
                    return Ok(CheckResult::Pass);
                }
            }
        }
        Ok(CheckResult::fail(format!("No file of {} contains '{}'", label(sc), text)))
    }

    fn not_contains_text(&self, a: &Args) -> Result<CheckResult, Error> {
        let sc = a.scope(0)?;
        let text = a.str(1)?;
        if text.is_empty() {
            return Err(Error::new("E128", "files.not_contains_text: argument 2 (text) must not be empty"));
        }
        let mut locs: Vec<Location> = Vec::new();
        'files: for p in &sc.paths {
            let t = match host::read_to_string(p) {
                Ok(t) if !t.is_empty() => t,
                _ => continue,
            };
            // Line and column (UTF-16 code units, like JavaScript) of each match, in one pass.
            let (mut line, mut line_start, mut scanned) = (1u32, 0usize, 0usize);
            for (i, _) in t.match_indices(text) {
                if locs.len() >= 200 {
                    break 'files;
                }
                for (k, c) in t[scanned..i].char_indices() {
                    if c == '\n' {
                        line += 1;
                        line_start = scanned + k + 1;
                    }
                }
                scanned = i;
                let column = t[line_start..i].encode_utf16().count() as u32 + 1;
                locs.push(Location::file(p).at(line, column).message(&format!("contains '{}'", text)));
            }
        }
        if locs.is_empty() {
            return Ok(CheckResult::Pass);
        }
        let mut files: Vec<&str> = locs.iter().map(|l| l.file.as_str()).collect();
        files.dedup();
        let (n, f) = (locs.len(), files.len());
        Ok(CheckResult::fail_at(format!("'{}' found {} time{} in {} file{} of {}", text, n, plural(n), f, plural(f), label(sc)), locs))
    }
}

impl Library for Files {
    fn metadata(&self) -> Metadata {
        let mut m = Metadata::new(
            "files",
            "1.0.0",
            "File system selectors and checks (files, folders, globs; existence, names, sizes, counts, text). Rust/WebAssembly build of the built-in library.",
        )
        .capabilities(&["file_read"])
        .function(
            FunctionDoc::selector("file_selector", "Selects a single file by its path relative to the workspace.")
                .param(s("path", "E100", "File path relative to the workspace"))
                .example("scope readme = files.file_selector('README.md')"),
        )
        .function(
            FunctionDoc::selector(
                "folder_selector",
                "Selects every file below a folder, recursively. .git, node_modules, .gitignore-d files and the configured ignores are skipped; when the folder itself is ignored, its files are still selected.",
            )
            .param(s("path", "E101", "Folder path relative to the workspace"))
            .example("scope src = files.folder_selector('src')"),
        )
        .function(
            FunctionDoc::selector(
                "glob_selector",
                "Selects the files matching a glob relative to the workspace (`*`, `?`, `[...]`, `{a,b}`, `**`; `*` does not cross `/`; dot-files match). Ignored files are skipped.",
            )
            .param(s("pattern", "E102", "Glob pattern relative to the workspace"))
            .example("scope tests = files.glob_selector('tests/**/*.py')"),
        )
        .check(
            FunctionDoc::check(
                "exists",
                "Folder scope: passes if `filename` exists (file or folder) inside the folder. File scope: passes if the file exists. Other scopes: passes if one of its files is named `filename` (base name or trailing relative path). Without `filename`: passes if the scope selected anything.",
            )
            .param(scope("E110"))
            .param(s_opt("filename", "E111", "Name or relative path to look for"))
            .example("check files.exists(src, 'main.py')"),
        )
        .check(
            FunctionDoc::check(
                "contains",
                "Passes if the scope contains a file named `filename` (base name, or a trailing relative path on whole path segments: `main.rs` does not match `domain.rs`). For a folder scope the folder is also tested directly, so ignored files and sub-folders count.",
            )
            .param(scope("E112"))
            .param(s("filename", "E113", "File name or trailing relative path"))
            .example("check files.contains(src, 'index.ts')"),
        )
        .check(
            FunctionDoc::check(
                "no_files_matching",
                "Fails if a file or folder under the scope's directory matches the glob (relative to that directory; `*.bak` looks at the top level only, `**/*.bak` at every level).",
            )
            .param(scope("E114"))
            .param(s("pattern", "E115", "Glob pattern relative to the scope directory"))
            .example("check files.no_files_matching(src, '**/*.bak')"),
        )
        .check(
            FunctionDoc::check("max_size", "Fails if any file of the scope is larger than `max_bytes`; every offending file is listed.")
                .param(scope("E116"))
                .param(int("max_bytes", "E117", "Maximum size in bytes (not negative)"))
                .example("check files.max_size(src, 100000)"),
        )
        .check(
            FunctionDoc::check(
                "matches_pattern",
                "Passes if every file of the scope matches the glob. A pattern without `/` is matched against base names (naming conventions, e.g. `test_*.py`); otherwise against workspace-relative paths.",
            )
            .param(scope("E118"))
            .param(s("pattern", "E119", "Glob every file must match"))
            .example("check files.matches_pattern(tests, 'test_*.py')"),
        )
        .check(
            FunctionDoc::check("file_count", "Passes if the scope has at least `min` files and, when `max` is given, at most `max`.")
                .param(scope("E120"))
                .param(int("min", "E121", "Minimum number of files"))
                .param(int_opt("max", "E122", "Maximum number of files"))
                .example("check files.file_count(handlers, 1, 20)"),
        )
        .check(
            FunctionDoc::check("max_files", "Passes if the scope has at most `max` files.")
                .param(scope("E123"))
                .param(int("max", "E124", "Maximum number of files"))
                .example("check files.max_files(src, 200)"),
        )
        .check(
            FunctionDoc::check("contains_text", "Passes if at least one file of the scope contains the literal text.")
                .param(scope("E125"))
                .param(s("text", "E126", "Literal text to find"))
                .example("check files.contains_text(readme, 'License')"),
        )
        .check(
            FunctionDoc::check("not_contains_text", "Fails if any file of the scope contains the literal text; every occurrence is reported with its line and column.")
                .param(scope("E127"))
                .param(s("text", "E128", "Literal text that must not appear"))
                .example("check files.not_contains_text(src, 'TODO')"),
        );
        m.arity_code = Some("E198".to_string());
        m
    }

    fn call(&self, function: &str, args: &[Value], ctx: &Context) -> Result<Value, Error> {
        let a = Args::new(args);
        match function {
            "file_selector" => self.file_selector(&a, ctx),
            "folder_selector" => self.folder_selector(&a, ctx),
            "glob_selector" => self.glob_selector(&a, ctx),
            _ => Err(Error::new("E199", format!("Unknown function: files.{}", function))),
        }
    }

    fn check(&self, function: &str, args: &[Value], ctx: &Context) -> Result<CheckResult, Error> {
        // An empty scope arrives only with --allow-empty: otherwise the host fails the check
        // before calling the library, for every kind of library.
        let a = Args::new(args);
        match function {
            "exists" => self.exists(&a, ctx),
            "contains" => self.contains(&a, ctx),
            "no_files_matching" => self.no_files_matching(&a, ctx),
            "max_size" => self.max_size(&a, ctx),
            "matches_pattern" => self.matches_pattern(&a, ctx),
            "file_count" => self.file_count(&a),
            "max_files" => self.max_files(&a),
            "contains_text" => self.contains_text(&a),
            "not_contains_text" => self.not_contains_text(&a),
            _ => Err(Error::new("E199", format!("Unknown check function: files.{}", function))),
        }
    }
}

export_library!(Files::default());
