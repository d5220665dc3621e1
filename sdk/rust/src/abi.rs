//! The Hielements WebAssembly ABI, version 1 (docs/wasm_abi.md), on the guest side.
//!
//! `export_library!` emits `#[no_mangle]` exports that forward here. Requests and responses are
//! UTF-8 JSON in linear memory; results are packed `ptr << 32 | len` (i64). Buffers handed to the
//! host come from [`alloc`], and the host gives them back with [`dealloc`].

use crate::host;
use crate::json::Json;
use crate::library::{Context, Error, FunctionDoc, Library, Metadata, Param, INVALID_PARAMS, PARSE_ERROR};
use crate::value::Value;
use std::alloc::{self as sysalloc, Layout};
use std::cell::RefCell;
use std::rc::Rc;

/// What `hielements_abi_version()` returns.
pub const ABI_VERSION: i32 = 1;

/// Selector or check request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Call,
    Check,
}

fn layout(len: usize) -> Layout {
    // Size at least 1 so that every allocation is a real, unique pointer; alignment 1.
    Layout::from_size_align(len.max(1), 1).unwrap_or(Layout::new::<u8>())
}

/// A buffer of `len` bytes for the host (0 when out of memory).
pub fn alloc(len: i32) -> i32 {
    let len = len.max(0) as usize;
    // SAFETY: the layout has a non-zero size.
    unsafe { sysalloc::alloc(layout(len)) as usize as i32 }
}

/// Give back a buffer from [`alloc`] (or a response).
pub fn dealloc(ptr: i32, len: i32) {
    if ptr == 0 {
        return;
    }
    // SAFETY: the host only returns pointers it got from `alloc` with the same length.
    unsafe { sysalloc::dealloc(ptr as u32 as usize as *mut u8, layout(len.max(0) as usize)) }
}

/// Copy a response into a fresh allocation and pack it.
fn respond(text: &str) -> i64 {
    let bytes = text.as_bytes();
    let ptr = alloc(bytes.len() as i32);
    if ptr == 0 {
        return 0;
    }
    // SAFETY: `ptr` points to at least bytes.len() writable bytes.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr as u32 as usize as *mut u8, bytes.len()) };
    ((ptr as u32 as i64) << 32) | bytes.len() as i64
}

thread_local! {
    static METADATA: RefCell<Option<Rc<Metadata>>> = RefCell::new(None);
}

fn metadata_of(lib: &dyn Library) -> Rc<Metadata> {
    if let Some(m) = METADATA.with(|m| m.borrow().clone()) {
        return m;
    }
    install_panic_hook();
    let m = Rc::new(lib.metadata());
    METADATA.with(|slot| *slot.borrow_mut() = Some(m.clone()));
    m
}

/// Panics abort (trap) on wasm32; log the message first so `--verbose` shows why.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| host::log(&format!("panic: {}", info))));
}

/// The `metadata` export.
pub fn metadata(lib: &dyn Library) -> i64 {
    respond(&metadata_of(lib).to_json().to_json())
}

/// The `call` and `check` exports.
pub fn handle(lib: &dyn Library, kind: Kind, ptr: i32, len: i32) -> i64 {
    // SAFETY: the host wrote `len` bytes at `ptr` (a buffer from `alloc`) and keeps it until we return.
    let bytes = unsafe { std::slice::from_raw_parts(ptr as u32 as usize as *const u8, len.max(0) as usize) };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => return respond(&Error::new(PARSE_ERROR, "invalid request: not UTF-8").to_json().to_json()),
    };
    respond(&dispatch(lib, kind, &text))
}

/// Handle one request (`{"function", "args", "workspace"}`); returns the response JSON text.
/// Public so that a library can be tested natively without a host.
pub fn dispatch(lib: &dyn Library, kind: Kind, request: &str) -> String {
    let req = match Json::parse(request) {
        Ok(j @ Json::Object(_)) => j,
        Ok(_) => return Error::new(PARSE_ERROR, "invalid request: not a JSON object").to_json().to_json(),
        Err(e) => return Error::new(PARSE_ERROR, format!("invalid request: {}", e)).to_json().to_json(),
    };
    let function = req.get("function").and_then(|f| f.as_str()).unwrap_or("");
    let workspace = req.get("workspace").and_then(|w| w.as_str()).unwrap_or("");
    let mut args = Vec::new();
    if let Some(items) = req.get("args").and_then(|a| a.as_array()) {
        for (i, item) in items.iter().enumerate() {
            match Value::from_json(item) {
                Ok(v) => args.push(v),
                Err(e) => return Error::invalid_params(format!("argument {}: {}", i + 1, e)).to_json().to_json(),
            }
        }
    }
    let ctx = Context::new(workspace);
    host::set_workspace(ctx.workspace());
    let meta = metadata_of(lib);
    let list = if kind == Kind::Call { &meta.functions } else { &meta.checks };
    if meta.validate_args {
        if let Some(doc) = list.iter().find(|f| f.name == function) {
            if let Err(e) = validate(&meta, doc, &mut args) {
                return e.to_json().to_json();
            }
        }
    }
    let out = match kind {
        Kind::Call => lib.call(function, &args, &ctx).map(|v| v.to_json()),
        Kind::Check => lib.check(function, &args, &ctx).map(|r| r.to_json()),
    };
    match out {
        Ok(j) => j.to_json(),
        Err(e) => e.to_json().to_json(),
    }
}

fn article(ty: &str) -> String {
    match ty.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {}", ty),
        _ => format!("a {}", ty),
    }
}

/// Check count and types against the documented parameters (the built-in libraries' messages),
/// and turn finite floats given for `integer` parameters into integers.
fn validate(meta: &Metadata, doc: &FunctionDoc, args: &mut [Value]) -> Result<(), Error> {
    let qualified = format!("{}.{}", meta.name, doc.name);
    let code = |p: &Param| p.code.clone().unwrap_or_else(|| INVALID_PARAMS.to_string());
    for (i, p) in doc.parameters.iter().enumerate() {
        let v = match args.get_mut(i) {
            Some(v) => v,
            None if p.optional() => continue,
            None => return Err(Error::new(&code(p), format!("{}: missing argument {} ({}: {})", qualified, i + 1, p.name, p.base_type()))),
        };
        let ty = p.base_type();
        let ok = match (ty, &*v) {
            ("any", _) => true,
            ("string", Value::Str(_)) | ("boolean", Value::Bool(_)) | ("scope", Value::Scope(_)) | ("list", Value::List(_)) => true,
            ("float" | "number", Value::Float(_) | Value::Int(_)) => true,
            ("integer", Value::Int(_)) => true,
            ("integer", Value::Float(f)) if f.is_finite() => {
                *v = Value::Int(f.trunc() as i64);
                true
            }
            ("string" | "boolean" | "scope" | "list" | "float" | "number" | "integer", _) => false,
            _ => true, // an undeclared type word: not checked
        };
        if !ok {
            return Err(Error::new(&code(p), format!("{}: argument {} ({}) must be {}, got {}", qualified, i + 1, p.name, article(ty), v.type_name())));
        }
    }
    if args.len() > doc.parameters.len() {
        let code = meta.arity_code.clone().unwrap_or_else(|| INVALID_PARAMS.to_string());
        let got = args.iter().map(|a| a.type_name()).collect::<Vec<_>>().join(", ");
        return Err(Error::new(&code, format!("{}: too many arguments ({}); expected {}({})", qualified, got, qualified, doc.signature())));
    }
    Ok(())
}
