//! The design's example library: `module_selector` returns the files of a module folder as a
//! folder scope, and `has_tests` checks that a scope contains test files.
//!
//! ```text
//! import modules
//! element orders:
//!     scope src = modules.module_selector('services/orders')
//!     check modules.has_tests(src)
//! ```

use hielements_wasm_sdk::host::{self, Existence};
use hielements_wasm_sdk::*;

struct Modules;

/// Folders never looked into.
const SKIP: &[&str] = &[".git", "node_modules", "target", "__pycache__"];

/// Test files by the usual conventions of Python, Rust, TypeScript and JavaScript.
fn is_test_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let in_tests_dir = path.split('/').any(|seg| seg == "tests" || seg == "test" || seg == "__tests__");
    let stem = name.split('.').next().unwrap_or(name);
    in_tests_dir
        || (name.starts_with("test_") && name.ends_with(".py"))
        || (stem.ends_with("_test") && (name.ends_with(".py") || name.ends_with(".rs") || name.ends_with(".go")))
        || [".test.ts", ".spec.ts", ".test.js", ".spec.js", ".test.tsx", ".spec.tsx"].iter().any(|s| name.ends_with(s))
}

impl Library for Modules {
    fn metadata(&self) -> Metadata {
        Metadata::new("modules", "1.0.0", "Module folders and their tests (Rust SDK example)")
            .function(
                FunctionDoc::selector("module_selector", "Selects every file of a module folder, recursively (skips .git, node_modules, target, __pycache__ and symbolic links).")
                    .param(Param::new("path", "string", "Module folder relative to the workspace"))
                    .example("scope orders = modules.module_selector('services/orders')"),
            )
            .check(
                FunctionDoc::check("has_tests", "Passes if the scope contains at least one test file (test_*.py, *_test.rs, *.test.ts, files under tests/ ...).")
                    .param(Param::new("scope", "scope", "Scope to look in"))
                    .example("check modules.has_tests(orders)"),
            )
    }

    fn call(&self, function: &str, args: &[Value], ctx: &Context) -> Result<Value, Error> {
        match function {
            "module_selector" => {
                let path = Args::new(args).str(0)?;
                let rel = path.trim_start_matches("./").trim_end_matches('/');
                if rel.starts_with('/') || rel.split('/').any(|s| s == "..") {
                    return Err(Error::invalid_params(format!("modules.module_selector: path '{}' must be relative to the workspace and stay inside it", path)));
                }
                let files = match host::file_exists(rel) {
                    Ok(Existence::Directory) => host::walk_files(rel, SKIP).iter().map(|f| ctx.absolute(f)).collect(),
                    Ok(_) => Vec::new(),
                    Err(e) => return Err(Error::application(format!("modules.module_selector: cannot access '{}': {}", path, e))),
                };
                Ok(Value::Scope(Scope::new(ScopeKind::Folder(path.to_string()), files)))
            }
            _ => Err(Error::unknown_function("modules", function)),
        }
    }

    fn check(&self, function: &str, args: &[Value], ctx: &Context) -> Result<CheckResult, Error> {
        match function {
            "has_tests" => {
                let scope = Args::new(args).scope(0)?;
                let tests = scope.paths.iter().filter(|p| is_test_file(&ctx.relative(p))).count();
                if tests > 0 {
                    Ok(CheckResult::Pass)
                } else {
                    let n = scope.paths.len();
                    Ok(CheckResult::fail(format!("{} has no test files ({} file{} looked at)", scope.kind.label(), n, if n == 1 { "" } else { "s" })))
                }
            }
            _ => Err(Error::unknown_function("modules", function)),
        }
    }
}

export_library!(Modules);
