//! Gitignore-aware walk through the host's `list_directory`, with the built-in walk's rules:
//! `.git`, `.hg`, `.svn` and `node_modules` are always skipped, `.gitignore` files are honoured
//! at every level (each file's rules apply below its folder; an outer file's ignore cannot be
//! undone by an inner one), symbolic links are not followed, unreadable folders are skipped.

use crate::gitignore::Rules;
use hielements_wasm_sdk::host::{self, EntryKind};
use hielements_wasm_sdk::js_cmp;
use std::rc::Rc;

const ALWAYS_SKIPPED: &[&str] = &[".git", ".hg", ".svn", "node_modules"];

/// Absolute paths of the regular files and of the directories visited (the root too), sorted.
#[derive(Debug, Default, Clone)]
pub struct WalkResult {
    pub files: Vec<String>,
    pub dirs: Vec<String>,
}

struct Scoped {
    /// Folder of the `.gitignore`, relative to the walk root ('' for the root).
    base: String,
    rules: Rules,
}

/// Walk `root` (an absolute path inside the workspace).
pub fn walk(root: &str) -> WalkResult {
    let mut out = WalkResult::default();
    visit(root, "", &[], &mut out);
    out.files.sort_by(|a, b| js_cmp(a, b));
    out.dirs.sort_by(|a, b| js_cmp(a, b));
    out
}

fn ignored(rel: &str, is_dir: bool, rules: &[Rc<Scoped>]) -> bool {
    rules.iter().any(|r| {
        let sub = if r.base.is_empty() { rel } else { &rel[r.base.len() + 1..] };
        r.rules.ignores(sub, is_dir)
    })
}

fn visit(root: &str, rel: &str, inherited: &[Rc<Scoped>], out: &mut WalkResult) {
    let abs = if rel.is_empty() { root.to_string() } else { format!("{}/{}", root, rel) };
    let entries = match host::list_directory(&abs) {
        Ok(e) => e,
        Err(_) => return,
    };
    out.dirs.push(abs.clone());
    let mut rules: Vec<Rc<Scoped>> = inherited.to_vec();
    if entries.iter().any(|e| e.name == ".gitignore" && e.kind == EntryKind::File) {
        if let Ok(text) = host::read_to_string(&format!("{}/.gitignore", abs)) {
            rules.push(Rc::new(Scoped { base: rel.to_string(), rules: Rules::parse(&text) }));
        }
    }
    for e in entries {
        let child = if rel.is_empty() { e.name.clone() } else { format!("{}/{}", rel, e.name) };
        match e.kind {
            EntryKind::Directory => {
                if ALWAYS_SKIPPED.contains(&e.name.as_str()) || ignored(&child, true, &rules) {
                    continue;
                }
                visit(root, &child, &rules, out);
            }
            EntryKind::File => {
                if !ignored(&child, false, &rules) {
                    out.files.push(format!("{}/{}", root, child));
                }
            }
            _ => {}
        }
    }
}
