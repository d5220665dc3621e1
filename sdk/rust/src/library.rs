//! The `Library` trait a library author implements, its metadata, errors and call context.

use crate::json::{obj, Json};
use crate::value::{CheckResult, Scope, Value};
use std::fmt;

/// What a library implements. `export_library!(MyLib)` turns an implementation into a module.
pub trait Library {
    /// Name, version, description and the catalogue of selectors and checks. Called once per
    /// instance; the parameter lists are also used to validate arguments before `call`/`check`.
    fn metadata(&self) -> Metadata;
    /// Run a selector (`scope x = lib.fn(...)`).
    fn call(&self, function: &str, args: &[Value], ctx: &Context) -> Result<Value, Error>;
    /// Run a check (`check lib.fn(...)`). Return `Err` when it cannot be evaluated at all.
    fn check(&self, function: &str, args: &[Value], ctx: &Context) -> Result<CheckResult, Error>;
}

/// An error answered instead of a result. The host shows `message` and keeps `code` when it is
/// a word like `E117` or `INVALID_PARAMS` (letters, digits, `_`, `-`; at most 32 characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: String,
    pub message: String,
}

/// Default codes, the JSON-RPC numbers the other SDKs use.
pub const INVALID_PARAMS: &str = "E-32602";
pub const METHOD_NOT_FOUND: &str = "E-32601";
pub const PARSE_ERROR: &str = "E-32700";
pub const APPLICATION_ERROR: &str = "E-32000";

impl Error {
    pub fn new(code: &str, message: impl Into<String>) -> Error {
        Error { code: code.to_string(), message: message.into() }
    }

    /// Bad arguments.
    pub fn invalid_params(message: impl Into<String>) -> Error {
        Error::new(INVALID_PARAMS, message)
    }

    /// The function is not provided by this library.
    pub fn unknown_function(library: &str, function: &str) -> Error {
        Error::new(METHOD_NOT_FOUND, format!("unknown function '{}' in library {}", function, library))
    }

    /// Any other failure.
    pub fn application(message: impl Into<String>) -> Error {
        Error::new(APPLICATION_ERROR, message)
    }

    pub fn to_json(&self) -> Json {
        obj(vec![("error", obj(vec![("code", Json::Str(self.code.clone())), ("message", Json::Str(self.message.clone()))]))])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// A documented parameter. `ty` is `string`, `integer`, `float`, `boolean`, `scope`, `list` or
/// `any`; a trailing `?` makes it optional (optional parameters come last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub ty: String,
    pub description: String,
    /// Error code when this argument is missing or has the wrong type (default INVALID_PARAMS).
    pub code: Option<String>,
}

impl Param {
    pub fn new(name: &str, ty: &str, description: &str) -> Param {
        Param { name: name.to_string(), ty: ty.to_string(), description: description.to_string(), code: None }
    }

    pub fn code(mut self, code: &str) -> Param {
        self.code = Some(code.to_string());
        self
    }

    pub fn optional(&self) -> bool {
        self.ty.ends_with('?')
    }

    /// The type without the optional marker.
    pub fn base_type(&self) -> &str {
        self.ty.trim_end_matches('?')
    }
}

/// A documented selector or check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDoc {
    pub name: String,
    pub description: String,
    pub parameters: Vec<Param>,
    pub return_type: String,
    pub example: Option<String>,
}

impl FunctionDoc {
    /// A selector (returns `Scope`).
    pub fn selector(name: &str, description: &str) -> FunctionDoc {
        FunctionDoc { name: name.to_string(), description: description.to_string(), parameters: Vec::new(), return_type: "Scope".to_string(), example: None }
    }

    /// A check (returns `CheckResult`).
    pub fn check(name: &str, description: &str) -> FunctionDoc {
        FunctionDoc { return_type: "CheckResult".to_string(), ..FunctionDoc::selector(name, description) }
    }

    pub fn param(mut self, p: Param) -> FunctionDoc {
        self.parameters.push(p);
        self
    }

    pub fn returns(mut self, return_type: &str) -> FunctionDoc {
        self.return_type = return_type.to_string();
        self
    }

    pub fn example(mut self, example: &str) -> FunctionDoc {
        self.example = Some(example.to_string());
        self
    }

    /// `scope: scope, max: integer?` — used in arity messages.
    pub fn signature(&self) -> String {
        self.parameters.iter().map(|p| format!("{}: {}", p.name, p.ty)).collect::<Vec<_>>().join(", ")
    }

    fn to_json(&self) -> Json {
        let params = self
            .parameters
            .iter()
            .map(|p| obj(vec![("name", Json::Str(p.name.clone())), ("type", Json::Str(p.ty.clone())), ("description", Json::Str(p.description.clone()))]))
            .collect();
        let mut m = vec![
            ("name", Json::Str(self.name.clone())),
            ("description", Json::Str(self.description.clone())),
            ("parameters", Json::Array(params)),
            ("return_type", Json::Str(self.return_type.clone())),
        ];
        if let Some(e) = &self.example {
            m.push(("example", Json::Str(e.clone())));
        }
        obj(m)
    }
}

/// The library's catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub name: String,
    pub version: String,
    pub description: String,
    pub functions: Vec<FunctionDoc>,
    pub checks: Vec<FunctionDoc>,
    /// Error code for "too many arguments" (default INVALID_PARAMS).
    pub arity_code: Option<String>,
    /// Validate arguments against the parameter lists before calling the library (default true).
    pub validate_args: bool,
    /// Capabilities the library needs (`file_read`, `file_write`), declared in the metadata so
    /// the host can refuse to load it when hielements.toml does not grant them. `None`: not declared.
    pub capabilities: Option<Vec<String>>,
}

impl Metadata {
    pub fn new(name: &str, version: &str, description: &str) -> Metadata {
        Metadata {
            name: name.to_string(),
            version: version.to_string(),
            description: description.to_string(),
            functions: Vec::new(),
            checks: Vec::new(),
            arity_code: None,
            validate_args: true,
            capabilities: None,
        }
    }

    /// Declare the capabilities the library needs, e.g. `.capabilities(&["file_read"])`
    /// (an empty list declares that it needs none).
    pub fn capabilities(mut self, names: &[&str]) -> Metadata {
        self.capabilities = Some(names.iter().map(|n| n.to_string()).collect());
        self
    }

    pub fn function(mut self, f: FunctionDoc) -> Metadata {
        self.functions.push(f);
        self
    }

    pub fn check(mut self, c: FunctionDoc) -> Metadata {
        self.checks.push(c);
        self
    }

    pub fn to_json(&self) -> Json {
        let mut fields = vec![
            ("name", Json::Str(self.name.clone())),
            ("version", Json::Str(self.version.clone())),
            ("description", Json::Str(self.description.clone())),
            ("functions", Json::Array(self.functions.iter().map(|f| f.to_json()).collect())),
            ("checks", Json::Array(self.checks.iter().map(|f| f.to_json()).collect())),
        ];
        if let Some(caps) = &self.capabilities {
            fields.push(("capabilities", Json::Array(caps.iter().map(|c| Json::Str(c.clone())).collect())));
        }
        obj(fields)
    }
}

/// The request's context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    workspace: String,
}

impl Context {
    pub fn new(workspace: &str) -> Context {
        Context { workspace: workspace.trim_end_matches('/').to_string() }
    }

    /// Absolute path of the workspace, as the host sent it (no trailing `/`).
    pub fn workspace(&self) -> &str {
        &self.workspace
    }

    /// Workspace-relative form of an absolute path inside the workspace (`.` for the root).
    pub fn relative(&self, path: &str) -> String {
        if let Some(rest) = path.strip_prefix(self.workspace.as_str()) {
            if rest.is_empty() {
                return ".".to_string();
            }
            if let Some(r) = rest.strip_prefix('/') {
                return r.to_string();
            }
        }
        path.to_string()
    }

    /// Absolute form of a workspace-relative path.
    pub fn absolute(&self, rel: &str) -> String {
        if rel.starts_with('/') {
            rel.to_string()
        } else if rel.is_empty() || rel == "." {
            self.workspace.clone()
        } else {
            format!("{}/{}", self.workspace, rel)
        }
    }
}

/// Typed access to arguments. With `validate_args` (the default) the SDK has already checked
/// count and types against the metadata, so these only fail for undeclared positions.
pub struct Args<'a> {
    values: &'a [Value],
}

impl<'a> Args<'a> {
    pub fn new(values: &'a [Value]) -> Args<'a> {
        Args { values }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&'a Value> {
        self.values.get(i)
    }

    fn need(&self, i: usize, what: &str) -> Result<&'a Value, Error> {
        self.values.get(i).ok_or_else(|| Error::invalid_params(format!("missing argument {} ({})", i + 1, what)))
    }

    fn wrong(i: usize, what: &str, v: &Value) -> Error {
        Error::invalid_params(format!("argument {} must be {}, got {}", i + 1, what, v.type_name()))
    }

    pub fn str(&self, i: usize) -> Result<&'a str, Error> {
        match self.need(i, "a string")? {
            Value::Str(s) => Ok(s),
            v => Err(Args::wrong(i, "a string", v)),
        }
    }

    pub fn opt_str(&self, i: usize) -> Result<Option<&'a str>, Error> {
        if self.values.get(i).is_none() { Ok(None) } else { self.str(i).map(Some) }
    }

    /// An integer; a finite float is truncated (as the built-in libraries do).
    pub fn int(&self, i: usize) -> Result<i64, Error> {
        match self.need(i, "an integer")? {
            Value::Int(n) => Ok(*n),
            Value::Float(f) if f.is_finite() => Ok(f.trunc() as i64),
            v => Err(Args::wrong(i, "an integer", v)),
        }
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, Error> {
        if self.values.get(i).is_none() { Ok(None) } else { self.int(i).map(Some) }
    }

    pub fn float(&self, i: usize) -> Result<f64, Error> {
        match self.need(i, "a number")? {
            Value::Float(f) => Ok(*f),
            Value::Int(n) => Ok(*n as f64),
            v => Err(Args::wrong(i, "a number", v)),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool, Error> {
        match self.need(i, "a boolean")? {
            Value::Bool(b) => Ok(*b),
            v => Err(Args::wrong(i, "a boolean", v)),
        }
    }

    pub fn scope(&self, i: usize) -> Result<&'a Scope, Error> {
        match self.need(i, "a scope")? {
            Value::Scope(s) => Ok(s),
            v => Err(Args::wrong(i, "a scope", v)),
        }
    }

    pub fn list(&self, i: usize) -> Result<&'a [Value], Error> {
        match self.need(i, "a list")? {
            Value::List(items) => Ok(items),
            v => Err(Args::wrong(i, "a list", v)),
        }
    }
}
