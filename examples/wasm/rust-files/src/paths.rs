//! POSIX path helpers with the exact behaviour of Node's `path.posix` functions the built-in
//! `files` library uses (normalize, dirname, basename, relative).

use hielements_wasm_sdk::Error;

/// `path.posix.normalize`.
pub fn normalize(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let absolute = path.starts_with('/');
    let trailing = path.ends_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().map_or(false, |p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if out.is_empty() && !absolute {
        out.push('.');
    }
    if !out.is_empty() && trailing {
        out.push('/');
    }
    if absolute {
        format!("/{}", out)
    } else {
        out
    }
}

/// `path.posix.dirname`.
pub fn dirname(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let absolute = path.starts_with('/');
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_string();
    }
    match trimmed.rfind('/') {
        None => ".".to_string(),
        Some(i) => {
            let d = trimmed[..i].trim_end_matches('/');
            if d.is_empty() {
                if absolute { "/".to_string() } else { "/".to_string() }
            } else {
                d.to_string()
            }
        }
    }
}

/// `path.posix.basename`.
pub fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    match trimmed.rfind('/') {
        None => trimmed,
        Some(i) => &trimmed[i + 1..],
    }
}

/// `path.posix.relative(from, to)` for absolute paths, with `.` for the same path (as the
/// built-in library's `rel` helper writes it).
pub fn relative(from: &str, to: &str) -> String {
    let f: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let t: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = f.iter().zip(t.iter()).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = Vec::new();
    for _ in common..f.len() {
        parts.push("..");
    }
    parts.extend_from_slice(&t[common..]);
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Files under a directory (prefix test).
pub fn under<'a>(files: &'a [String], dir: &str) -> impl Iterator<Item = &'a String> + 'a {
    let prefix = if dir.ends_with('/') { dir.to_string() } else { format!("{}/", dir) };
    files.iter().filter(move |f| f.starts_with(&prefix))
}

/// Resolve a path given to a selector against `base`; absolute paths and `..` escapes are
/// refused with the built-in library's messages.
pub fn resolve_in(base: &str, p: &str, function: &str, code: &str) -> Result<String, Error> {
    let b = p.as_bytes();
    let drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'/' || b[2] == b'\\');
    if p.starts_with('/') || drive {
        return Err(Error::new(code, format!("{}: path '{}' is absolute; paths are relative to the workspace ({})", function, p, base)));
    }
    let norm = normalize(if p.is_empty() { "." } else { p });
    if norm == ".." || norm.starts_with("../") {
        return Err(Error::new(code, format!("{}: path '{}' leaves the workspace; paths must stay inside {}", function, p, base)));
    }
    if norm == "." {
        Ok(base.to_string())
    } else {
        Ok(format!("{}/{}", base, norm.trim_end_matches(|c| c == '/' || c == '\\')))
    }
}

/// Does `file` have the base name `name`, or end with the relative path `name`?
pub fn has_name(file: &str, name: &str) -> bool {
    let n = name.strip_prefix("./").unwrap_or(name).replace('\\', "/");
    basename(file) == n || file.ends_with(&format!("/{}", n))
}

/// Longest common directory of the paths.
pub fn common_dir(paths: &[String]) -> Option<String> {
    let first = paths.first()?;
    let mut dir = dirname(first);
    for p in paths {
        while !(p.starts_with(&format!("{}/", dir)) || *p == dir) && dir != dirname(&dir) {
            dir = dirname(&dir);
        }
    }
    Some(dir)
}
