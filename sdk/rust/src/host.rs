//! Host file API: workspace-confined file access, granted by the library's capabilities in
//! `hielements.toml` (`file_read` is on by default, `file_write` off).
//!
//! Paths are relative to the workspace with `/` separators. Absolute paths inside the workspace
//! (as found in scopes) are made relative automatically, using the workspace of the current
//! request. Every function returns `Result`; the error carries the host's status code.
//!
//! On `wasm32` these call the `hielements.*` host functions. On other targets (so that a library's
//! logic can be unit-tested with `cargo test`) they use `std::fs` below the workspace directory,
//! with the same lexical confinement (no absolute paths, no `..` escape).

use std::cell::RefCell;
use std::fmt;

/// A negative status returned by a host function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostError {
    pub status: i32,
}

pub const DENIED: i32 = -1;
pub const NOT_FOUND: i32 = -2;
pub const INVALID_PATH: i32 = -3;
pub const IO_ERROR: i32 = -4;
pub const TOO_LARGE: i32 = -5;
pub const NOT_A_FILE: i32 = -6;
pub const NOT_A_DIRECTORY: i32 = -7;
pub const GUEST_ALLOC_FAILED: i32 = -8;

impl HostError {
    pub fn name(&self) -> &'static str {
        match self.status {
            DENIED => "denied",
            NOT_FOUND => "not found",
            INVALID_PATH => "invalid path",
            IO_ERROR => "i/o error",
            TOO_LARGE => "too large",
            NOT_A_FILE => "not a file",
            NOT_A_DIRECTORY => "not a directory",
            GUEST_ALLOC_FAILED => "out of memory",
            _ => "unknown host error",
        }
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.status)
    }
}

/// What a path is, according to `file_exists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existence {
    None,
    File,
    Directory,
}

/// Kind of a directory entry. Symbolic links are reported as such and not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Directory,
    Symlink,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub kind: EntryKind,
}

thread_local! {
    static WORKSPACE: RefCell<String> = RefCell::new(String::new());
}

/// Set by the SDK from each request (the absolute workspace path the host sent).
pub fn set_workspace(root: &str) {
    WORKSPACE.with(|w| {
        let mut w = w.borrow_mut();
        w.clear();
        w.push_str(root);
    });
}

/// Absolute path of the workspace of the current request.
pub fn workspace() -> String {
    WORKSPACE.with(|w| w.borrow().clone())
}

/// Workspace-relative form of `path`: strips the workspace prefix from absolute paths
/// (`"."` for the workspace itself); other paths are returned unchanged.
pub fn relative(path: &str) -> String {
    WORKSPACE.with(|w| {
        let root = w.borrow();
        if !root.is_empty() && path.starts_with(root.as_str()) {
            let rest = &path[root.len()..];
            if rest.is_empty() {
                return ".".to_string();
            }
            if let Some(r) = rest.strip_prefix('/') {
                return if r.is_empty() { ".".to_string() } else { r.to_string() };
            }
        }
        path.to_string()
    })
}

/// Absolute form of a workspace-relative path.
pub fn absolute(rel: &str) -> String {
    if rel.starts_with('/') {
        return rel.to_string();
    }
    let root = workspace();
    if rel.is_empty() || rel == "." {
        root
    } else {
        format!("{}/{}", root, rel)
    }
}

/// Contents of a file.
pub fn read_file(path: &str) -> Result<Vec<u8>, HostError> {
    sys::read_file(&relative(path))
}

/// Contents of a file as text; invalid UTF-8 is replaced with U+FFFD (as Node.js does).
pub fn read_to_string(path: &str) -> Result<String, HostError> {
    let bytes = read_file(path)?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Entries of a directory, sorted by name.
pub fn list_directory(path: &str) -> Result<Vec<DirEntry>, HostError> {
    let text = sys::list_directory(&relative(path))?;
    Ok(parse_listing(&text))
}

/// Parse the host's listing format: one entry per line, a type character (`f`, `d`, `l`, `o`)
/// followed by the name.
pub fn parse_listing(text: &str) -> Vec<DirEntry> {
    text.split('\n')
        .filter(|line| line.len() >= 2)
        .map(|line| {
            let kind = match line.as_bytes()[0] {
                b'f' => EntryKind::File,
                b'd' => EntryKind::Directory,
                b'l' => EntryKind::Symlink,
                _ => EntryKind::Other,
            };
            DirEntry { name: line[1..].to_string(), kind }
        })
        .collect()
}

/// Whether a path exists, and what it is (symbolic links are followed, inside the workspace).
pub fn file_exists(path: &str) -> Result<Existence, HostError> {
    match sys::file_exists(&relative(path)) {
        0 => Ok(Existence::None),
        1 => Ok(Existence::File),
        2 => Ok(Existence::Directory),
        s if s < 0 => Err(HostError { status: s }),
        _ => Err(HostError { status: IO_ERROR }),
    }
}

/// Write a file (needs the `file_write` capability). The parent folder must exist.
pub fn write_file(path: &str, data: &[u8]) -> Result<(), HostError> {
    match sys::write_file(&relative(path), data) {
        s if s < 0 => Err(HostError { status: s }),
        _ => Ok(()),
    }
}

/// A line in the host's verbose trace (`hielements check --verbose`).
pub fn log(message: &str) {
    sys::log(message)
}

/// Every regular file under `dir` (workspace-relative; `""` or `"."` for the workspace), depth
/// first in sorted order, skipping symbolic links and directories named in `skip`. Returns
/// workspace-relative paths. Unreadable directories are skipped.
pub fn walk_files(dir: &str, skip: &[&str]) -> Vec<String> {
    fn walk(dir: &str, skip: &[&str], out: &mut Vec<String>) {
        let entries = match list_directory(if dir.is_empty() { "." } else { dir }) {
            Ok(e) => e,
            Err(_) => return,
        };
        for e in entries {
            let rel = if dir.is_empty() || dir == "." { e.name.clone() } else { format!("{}/{}", dir, e.name) };
            match e.kind {
                EntryKind::Directory if !skip.contains(&e.name.as_str()) => walk(&rel, skip, out),
                EntryKind::File => out.push(rel),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&relative(dir), skip, &mut out);
    out
}

#[cfg(target_arch = "wasm32")]
mod sys {
    use super::{HostError, IO_ERROR};

    #[link(wasm_import_module = "hielements")]
    extern "C" {
        #[link_name = "read_file"]
        fn host_read_file(path_ptr: *const u8, path_len: usize) -> i64;
        #[link_name = "list_directory"]
        fn host_list_directory(path_ptr: *const u8, path_len: usize) -> i64;
        #[link_name = "file_exists"]
        fn host_file_exists(path_ptr: *const u8, path_len: usize) -> i32;
        #[link_name = "write_file"]
        fn host_write_file(path_ptr: *const u8, path_len: usize, data_ptr: *const u8, data_len: usize) -> i32;
        #[link_name = "log"]
        fn host_log(msg_ptr: *const u8, msg_len: usize);
    }

    /// Take ownership of a buffer the host wrote with our `alloc` (packed `ptr << 32 | len`).
    fn take(packed: i64) -> Result<Vec<u8>, HostError> {
        if packed < 0 {
            return Err(HostError { status: packed as i32 });
        }
        let ptr = (packed as u64 >> 32) as usize as *mut u8;
        let len = (packed as u64 & 0xffff_ffff) as usize;
        if len == 0 {
            return Ok(Vec::new());
        }
        // SAFETY: the host allocated exactly `len` bytes with crate::abi::alloc (size len, align 1)
        // and filled them; we are the only owner now.
        Ok(unsafe { Vec::from_raw_parts(ptr, len, len) })
    }

    pub fn read_file(rel: &str) -> Result<Vec<u8>, HostError> {
        take(unsafe { host_read_file(rel.as_ptr(), rel.len()) })
    }

    pub fn list_directory(rel: &str) -> Result<String, HostError> {
        let bytes = take(unsafe { host_list_directory(rel.as_ptr(), rel.len()) })?;
        String::from_utf8(bytes).map_err(|_| HostError { status: IO_ERROR })
    }

    pub fn file_exists(rel: &str) -> i32 {
        unsafe { host_file_exists(rel.as_ptr(), rel.len()) }
    }

    pub fn write_file(rel: &str, data: &[u8]) -> i32 {
        unsafe { host_write_file(rel.as_ptr(), rel.len(), data.as_ptr(), data.len()) }
    }

    pub fn log(message: &str) {
        unsafe { host_log(message.as_ptr(), message.len()) }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod sys {
    //! Native stand-in for unit tests: the same contract over std::fs, confined lexically.
    use super::{workspace, HostError, DENIED, INVALID_PATH, IO_ERROR, NOT_A_DIRECTORY, NOT_A_FILE, NOT_FOUND};
    use std::path::{Component, Path, PathBuf};

    fn resolve(rel: &str) -> Result<PathBuf, HostError> {
        if rel.contains('\0') || rel.starts_with('/') || rel.starts_with('\\') {
            return Err(HostError { status: INVALID_PATH });
        }
        let mut out = PathBuf::from(workspace());
        let mut depth = 0usize;
        for c in Path::new(rel).components() {
            match c {
                Component::Normal(x) => {
                    out.push(x);
                    depth += 1;
                }
                Component::ParentDir => {
                    if depth == 0 {
                        return Err(HostError { status: DENIED });
                    }
                    out.pop();
                    depth -= 1;
                }
                Component::CurDir => {}
                _ => return Err(HostError { status: INVALID_PATH }),
            }
        }
        Ok(out)
    }

    fn status(e: std::io::Error) -> HostError {
        HostError {
            status: match e.kind() {
                std::io::ErrorKind::NotFound => NOT_FOUND,
                std::io::ErrorKind::PermissionDenied => DENIED,
                _ => IO_ERROR,
            },
        }
    }

    pub fn read_file(rel: &str) -> Result<Vec<u8>, HostError> {
        let p = resolve(rel)?;
        if p.is_dir() {
            return Err(HostError { status: NOT_A_FILE });
        }
        std::fs::read(p).map_err(status)
    }

    pub fn list_directory(rel: &str) -> Result<String, HostError> {
        let p = resolve(rel)?;
        if !p.is_dir() {
            return Err(if p.exists() { HostError { status: NOT_A_DIRECTORY } } else { HostError { status: NOT_FOUND } });
        }
        let mut lines = Vec::new();
        for e in std::fs::read_dir(p).map_err(status)? {
            let e = e.map_err(status)?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.contains('\n') {
                continue;
            }
            let t = e.file_type().map_err(status)?;
            let c = if t.is_symlink() { 'l' } else if t.is_dir() { 'd' } else if t.is_file() { 'f' } else { 'o' };
            lines.push((name, c));
        }
        lines.sort_by(|a, b| crate::value::js_cmp(&a.0, &b.0));
        Ok(lines.into_iter().map(|(n, c)| format!("{}{}", c, n)).collect::<Vec<_>>().join("\n"))
    }

    pub fn file_exists(rel: &str) -> i32 {
        match resolve(rel) {
            Ok(p) if p.is_dir() => 2,
            Ok(p) if p.exists() => 1,
            Ok(_) => 0,
            Err(e) => e.status,
        }
    }

    pub fn write_file(rel: &str, data: &[u8]) -> i32 {
        match resolve(rel) {
            Ok(p) => match std::fs::write(p, data) {
                Ok(()) => 0,
                Err(e) => status(e).status,
            },
            Err(e) => e.status,
        }
    }

    pub fn log(message: &str) {
        eprintln!("{}", message);
    }
}
