//! `.gitignore` rules, matched the way the built-in walk matches them (npm `ignore`): the last
//! matching rule of a file wins, `!` re-includes, a trailing `/` matches directories only, a
//! pattern with a `/` before its end is anchored to the `.gitignore`'s folder, other patterns
//! match a name at any depth; `*`, `?`, `[...]` and `**` as in git.

use crate::glob::Glob;

struct Rule {
    glob: Glob,
    negate: bool,
    dir_only: bool,
    /// Anchored patterns match the whole relative path; others the last segment.
    anchored: bool,
}

/// The rules of one `.gitignore` file.
pub struct Rules {
    rules: Vec<Rule>,
}

impl Rules {
    pub fn parse(text: &str) -> Rules {
        let mut rules = Vec::new();
        for raw in text.split('\n') {
            let mut line = raw.strip_suffix('\r').unwrap_or(raw).to_string();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // Trailing spaces are dropped unless escaped with a backslash.
            while line.ends_with(' ') && !line.ends_with("\\ ") {
                line.pop();
            }
            let mut negate = false;
            let mut body: &str = &line;
            if let Some(rest) = body.strip_prefix('!') {
                negate = true;
                body = rest;
            } else if body.starts_with("\\!") || body.starts_with("\\#") {
                body = &body[1..];
            }
            let dir_only = body.ends_with('/');
            let body = body.trim_end_matches('/');
            if body.is_empty() {
                continue;
            }
            let anchored = body.contains('/');
            let body = body.strip_prefix('/').unwrap_or(body);
            // `foo/**` matches what is inside foo, not foo itself.
            let pattern = if let Some(stem) = body.strip_suffix("/**") { format!("{}/*/**", stem) } else { body.to_string() };
            rules.push(Rule { glob: Glob::new(&escape_bang(&pattern)), negate, dir_only, anchored });
        }
        Rules { rules }
    }

    /// Is the relative path ignored by these rules? (`is_dir`: it names a directory.)
    pub fn ignores(&self, rel: &str, is_dir: bool) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let mut ignored = false;
        for r in &self.rules {
            if r.dir_only && !is_dir {
                continue;
            }
            let hit = if r.anchored { r.glob.is_match(rel) } else { r.glob.is_match(name) };
            if hit {
                ignored = !r.negate;
            }
        }
        ignored
    }
}

/// A leading `!` left in a gitignore pattern is a literal character, not a glob negation.
fn escape_bang(p: &str) -> String {
    if p.starts_with('!') { format!("\\{}", p) } else { p.to_string() }
}
