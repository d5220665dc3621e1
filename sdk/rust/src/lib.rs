//! # hielements-wasm-sdk
//!
//! Write a Hielements library in Rust and build it as a sandboxed WebAssembly module
//! (`wasm32-unknown-unknown`, no WASI). Implement [`Library`], then call
//! [`export_library!`] once; it emits the ABI exports (`hielements_abi_version`, `alloc`,
//! `dealloc`, `call`, `check`, `metadata`) described in docs/wasm_abi.md.
//!
//! ```ignore
//! use hielements_wasm_sdk::*;
//!
//! struct Modules;
//! impl Library for Modules {
//!     fn metadata(&self) -> Metadata {
//!         Metadata::new("modules", "1.0.0", "Module folders and their tests")
//!             .function(FunctionDoc::selector("module_selector", "Files of a module folder")
//!                 .param(Param::new("path", "string", "Folder relative to the workspace")))
//!     }
//!     fn call(&self, function: &str, args: &[Value], ctx: &Context) -> Result<Value, Error> { ... }
//!     fn check(&self, function: &str, args: &[Value], ctx: &Context) -> Result<CheckResult, Error> { ... }
//! }
//! export_library!(Modules);
//! ```
//!
//! No dependencies: the crate builds with plain `rustc` (see docs/rust_sdk.md).

pub mod abi;
pub mod host;
pub mod json;
pub mod library;
pub mod value;

pub use host::{DirEntry, EntryKind, Existence, HostError};
pub use json::Json;
pub use library::{Args, Context, Error, FunctionDoc, Library, Metadata, Param};
pub use value::{js_cmp, CheckResult, Location, Scope, ScopeKind, Value};

/// Emit the ABI exports for a library. The argument is an expression that builds the library
/// (a unit struct name, `MyLib::new()`, ...); it is evaluated once, on the first request.
/// Use it exactly once, in the crate built as the `cdylib`.
#[macro_export]
macro_rules! export_library {
    ($lib:expr) => {
        fn __hielements_library() -> &'static dyn $crate::Library {
            static mut INSTANCE: Option<&'static dyn $crate::Library> = None;
            // SAFETY: a WebAssembly instance is single-threaded; the cell is written once.
            unsafe {
                if INSTANCE.is_none() {
                    let boxed: Box<dyn $crate::Library> = Box::new($lib);
                    INSTANCE = Some(Box::leak(boxed));
                }
                INSTANCE.unwrap()
            }
        }

        #[no_mangle]
        pub extern "C" fn hielements_abi_version() -> i32 {
            $crate::abi::ABI_VERSION
        }

        #[no_mangle]
        pub extern "C" fn alloc(len: i32) -> i32 {
            $crate::abi::alloc(len)
        }

        #[no_mangle]
        pub extern "C" fn dealloc(ptr: i32, len: i32) {
            $crate::abi::dealloc(ptr, len)
        }

        #[no_mangle]
        pub extern "C" fn call(ptr: i32, len: i32) -> i64 {
            $crate::abi::handle(__hielements_library(), $crate::abi::Kind::Call, ptr, len)
        }

        #[no_mangle]
        pub extern "C" fn check(ptr: i32, len: i32) -> i64 {
            $crate::abi::handle(__hielements_library(), $crate::abi::Kind::Check, ptr, len)
        }

        #[no_mangle]
        pub extern "C" fn metadata() -> i64 {
            $crate::abi::metadata(__hielements_library())
        }
    };
}

#[cfg(test)]
mod tests;
