//! Hielements values, scopes and check results, with the tagged JSON wire encoding
//! (`{"String": "x"}`, `{"Int": 42}`, `{"Scope": {...}}`, `{"Pass": null}`, ...).

use crate::json::{obj, Json};

/// The selector's label of a scope (kept for compatibility with the original).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeKind {
    File(String),
    Folder(String),
    Glob(String),
}

impl ScopeKind {
    /// `File("x")`, `Folder("x")` or `Glob("x")`: how the built-in libraries name a scope in messages.
    pub fn label(&self) -> String {
        match self {
            ScopeKind::File(s) => format!("File(\"{}\")", s),
            ScopeKind::Folder(s) => format!("Folder(\"{}\")", s),
            ScopeKind::Glob(s) => format!("Glob(\"{}\")", s),
        }
    }
}

/// A set of files chosen by a selector. Paths are absolute.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub kind: ScopeKind,
    pub paths: Vec<String>,
    pub resolved: bool,
    pub language: Option<String>,
    /// Human description the host shows for the scope in messages (`python.module_selector('a')`);
    /// sent by the host when the scope has one, and kept by the host when a library returns one.
    pub description: Option<String>,
}

impl Scope {
    /// A resolved scope; `paths` are sorted (UTF-16 order, like the host) and de-duplicated.
    pub fn new(kind: ScopeKind, mut paths: Vec<String>) -> Scope {
        paths.sort_by(|a, b| js_cmp(a, b));
        paths.dedup();
        Scope { kind, paths, resolved: true, language: None, description: None }
    }

    pub fn with_language(mut self, language: &str) -> Scope {
        self.language = Some(language.to_string());
        self
    }

    pub fn with_description(mut self, description: &str) -> Scope {
        self.description = Some(description.to_string());
        self
    }

    /// How the built-in libraries name a scope in messages: its description, else its kind's label.
    pub fn label(&self) -> String {
        match &self.description {
            Some(d) => d.clone(),
            None => self.kind.label(),
        }
    }

    pub fn to_json(&self) -> Json {
        let kind = match &self.kind {
            ScopeKind::File(s) => obj(vec![("File", Json::Str(s.clone()))]),
            ScopeKind::Folder(s) => obj(vec![("Folder", Json::Str(s.clone()))]),
            ScopeKind::Glob(s) => obj(vec![("Glob", Json::Str(s.clone()))]),
        };
        let mut members = vec![
            ("kind", kind),
            ("paths", Json::Array(self.paths.iter().map(|p| Json::Str(p.clone())).collect())),
            ("resolved", Json::Bool(self.resolved)),
        ];
        if let Some(l) = &self.language {
            members.push(("language", Json::Str(l.clone())));
        }
        if let Some(d) = &self.description {
            members.push(("description", Json::Str(d.clone())));
        }
        obj(members)
    }

    /// Lenient decoding, like the host: missing parts become empty.
    pub fn from_json(j: &Json) -> Scope {
        let text = |key: &str| j.get("kind").and_then(|k| k.get(key)).and_then(|v| v.as_str()).map(|s| s.to_string());
        let kind = if let Some(s) = text("File") {
            ScopeKind::File(s)
        } else if let Some(s) = text("Folder") {
            ScopeKind::Folder(s)
        } else if let Some(s) = text("Glob") {
            ScopeKind::Glob(s)
        } else {
            ScopeKind::File(j.get("kind").and_then(|k| k.as_str()).unwrap_or("").to_string())
        };
        let paths = j
            .get("paths")
            .and_then(|p| p.as_array())
            .map(|items| items.iter().filter_map(|x| x.as_str().map(|s| s.to_string())).collect())
            .unwrap_or_default();
        let resolved = matches!(j.get("resolved"), Some(Json::Bool(true)));
        let language = j.get("language").and_then(|l| l.as_str()).map(|s| s.to_string());
        let description = j.get("description").and_then(|d| d.as_str()).map(|s| s.to_string());
        Scope { kind, paths, resolved, language, description }
    }
}

/// Compare strings by UTF-16 code units, the order JavaScript's `sort()` uses.
pub fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A value passed to or returned by a library function.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Scope(Scope),
    ConnectionPoint { name: String, kind: String, data: Vec<(String, Value)> },
}

impl Value {
    /// `string`, `integer`, `float`, `boolean`, `list`, `scope`, `null`, `connection point`
    /// (the words the host uses in messages).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Scope(_) => "scope",
            Value::ConnectionPoint { .. } => "connection point",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_scope(&self) -> Option<&Scope> {
        match self {
            Value::Scope(s) => Some(s),
            _ => None,
        }
    }

    /// Tagged encoding. Integers and floats are always tagged so that `1.0` stays a float.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(n) => obj(vec![("Int", Json::Int(*n))]),
            Value::Float(f) => obj(vec![("Float", Json::Float(*f))]),
            Value::Str(s) => obj(vec![("String", Json::Str(s.clone()))]),
            Value::List(items) => obj(vec![("List", Json::Array(items.iter().map(|v| v.to_json()).collect()))]),
            Value::Scope(s) => obj(vec![("Scope", s.to_json())]),
            Value::ConnectionPoint { name, kind, data } => obj(vec![(
                "ConnectionPoint",
                obj(vec![
                    ("data", Json::Object(data.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())),
                    ("kind", Json::Str(kind.clone())),
                    ("name", Json::Str(name.clone())),
                ]),
            )]),
        }
    }

    /// Decode any form the host sends (tagged objects, bare scalars, bare arrays).
    pub fn from_json(j: &Json) -> Result<Value, String> {
        Ok(match j {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(n) => Value::Int(*n),
            Json::Float(f) => Value::Float(*f),
            Json::Str(s) => Value::Str(s.clone()),
            Json::Array(items) => Value::List(items.iter().map(Value::from_json).collect::<Result<_, _>>()?),
            Json::Object(members) => {
                let (tag, inner) = match members.first() {
                    Some((k, v)) if members.len() == 1 => (k.as_str(), v),
                    _ => return Err(format!("cannot decode value {}", j.to_json())),
                };
                match (tag, inner) {
                    ("String", Json::Str(s)) => Value::Str(s.clone()),
                    ("Int", Json::Int(n)) => Value::Int(*n),
                    ("Int", Json::Str(s)) => Value::Int(s.parse().map_err(|_| format!("bad Int {:?}", s))?),
                    ("Float", Json::Float(f)) => Value::Float(*f),
                    ("Float", Json::Int(n)) => Value::Float(*n as f64),
                    ("Float", Json::Null) => Value::Float(f64::NAN),
                    ("Bool", Json::Bool(b)) => Value::Bool(*b),
                    ("Null", _) => Value::Null,
                    ("List", Json::Array(items)) => Value::List(items.iter().map(Value::from_json).collect::<Result<_, _>>()?),
                    ("Scope", s @ Json::Object(_)) => Value::Scope(Scope::from_json(s)),
                    ("ConnectionPoint", cp @ Json::Object(_)) => {
                        let data = match cp.get("data") {
                            Some(Json::Object(m)) => m.iter().map(|(k, v)| Ok((k.clone(), Value::from_json(v)?))).collect::<Result<_, String>>()?,
                            _ => Vec::new(),
                        };
                        Value::ConnectionPoint {
                            name: cp.get("name").and_then(|x| x.as_str()).unwrap_or("").to_string(),
                            kind: cp.get("kind").and_then(|x| x.as_str()).unwrap_or("").to_string(),
                            data,
                        }
                    }
                    _ => return Err(format!("cannot decode value {}", j.to_json())),
                }
            }
        })
    }
}

/// A code location attached to a failure (used by SARIF and the reports).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Location {
    /// Absolute path.
    pub file: String,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column (UTF-16 code units, like the host).
    pub column: Option<u32>,
    pub message: Option<String>,
}

impl Location {
    pub fn file(file: &str) -> Location {
        Location { file: file.to_string(), ..Location::default() }
    }

    pub fn message(mut self, message: &str) -> Location {
        self.message = Some(message.to_string());
        self
    }

    pub fn at(mut self, line: u32, column: u32) -> Location {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    fn to_json(&self) -> Json {
        let mut m = vec![("file", Json::Str(self.file.clone()))];
        if let Some(l) = self.line {
            m.push(("line", Json::Int(l as i64)));
        }
        if let Some(c) = self.column {
            m.push(("column", Json::Int(c as i64)));
        }
        if let Some(msg) = &self.message {
            m.push(("message", Json::Str(msg.clone())));
        }
        obj(m)
    }
}

/// Outcome of a check.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckResult {
    Pass,
    /// The rule was evaluated and is violated.
    Fail { message: String, locations: Vec<Location> },
    /// The rule could not be evaluated.
    Error(String),
}

impl CheckResult {
    pub fn fail(message: impl Into<String>) -> CheckResult {
        CheckResult::Fail { message: message.into(), locations: Vec::new() }
    }

    pub fn fail_at(message: impl Into<String>, locations: Vec<Location>) -> CheckResult {
        CheckResult::Fail { message: message.into(), locations }
    }

    pub fn error(message: impl Into<String>) -> CheckResult {
        CheckResult::Error(message.into())
    }

    pub fn to_json(&self) -> Json {
        match self {
            CheckResult::Pass => obj(vec![("Pass", Json::Null)]),
            CheckResult::Fail { message, locations } => {
                let mut m = vec![("Fail", Json::Str(message.clone()))];
                if !locations.is_empty() {
                    m.push(("locations", Json::Array(locations.iter().map(|l| l.to_json()).collect())));
                }
                obj(m)
            }
            CheckResult::Error(message) => obj(vec![("Error", Json::Str(message.clone()))]),
        }
    }
}
