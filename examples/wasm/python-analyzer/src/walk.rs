//! The workspace walk through the host's `list_directory`, with the built-in walk's rules:
//! `.git`, `.hg`, `.svn`, `node_modules` and `.hielements-cache` are always skipped,
//! `.gitignore` files apply below their folder (the matcher is shared with the `rust-files`
//! example), symbolic links are not followed, unreadable folders are skipped.

use crate::gitignore::Rules;
use hielements_wasm_sdk::host::{self, EntryKind};
use hielements_wasm_sdk::js_cmp;
use std::rc::Rc;

const ALWAYS_SKIPPED: &[&str] = &[".git", ".hg", ".svn", "node_modules", ".hielements-cache"];

struct Scoped {
    /// Folder of the `.gitignore`, relative to the root ('' for the root).
    base: String,
    rules: Rules,
}

/// Absolute paths of every regular file below `root` (absolute), sorted.
pub fn walk(root: &str) -> Vec<String> {
    let mut out = Vec::new();
    visit(root, "", &[], &mut out);
    out.sort_by(|a, b| js_cmp(a, b));
    out
}

fn ignored(rel: &str, is_dir: bool, rules: &[Rc<Scoped>]) -> bool {
    rules.iter().any(|r| {
        let sub = if r.base.is_empty() { rel } else { &rel[r.base.len() + 1..] };
        r.rules.ignores(sub, is_dir)
    })
}

fn visit(root: &str, rel: &str, inherited: &[Rc<Scoped>], out: &mut Vec<String>) {
    let abs = if rel.is_empty() { root.to_string() } else { format!("{}/{}", root, rel) };
    let entries = match host::list_directory(&abs) {
        Ok(e) => e,
        Err(_) => return,
    };
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
                if !ALWAYS_SKIPPED.contains(&e.name.as_str()) && !ignored(&child, true, &rules) {
                    visit(root, &child, &rules, out);
                }
            }
            EntryKind::File => {
                if !ignored(&child, false, &rules) {
                    out.push(format!("{}/{}", root, child));
                }
            }
            _ => {}
        }
    }
}
