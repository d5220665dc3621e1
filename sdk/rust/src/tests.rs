//! Native unit tests of the SDK (`cargo test`, or `rustc --test src/lib.rs`; run by
//! test/libraries/wasm-rust through scripts/fixtures/rust-wasm.mjs).

use crate::abi::{dispatch, Kind};
use crate::host;
use crate::json::Json;
use crate::library::{Args, Context, Error, FunctionDoc, Library, Metadata, Param};
use crate::value::{js_cmp, CheckResult, Location, Scope, ScopeKind, Value};

#[test]
fn json_keeps_64_bit_integers_exact() {
    let j = Json::parse(r#"{"a":9223372036854775807,"b":-9223372036854775808,"c":9223372036854775808,"d":1.0,"e":-0.5e3}"#).unwrap();
    assert_eq!(j.get("a"), Some(&Json::Int(i64::MAX)));
    assert_eq!(j.get("b"), Some(&Json::Int(i64::MIN)));
    assert_eq!(j.get("c"), Some(&Json::Float(9223372036854775808.0)));
    assert_eq!(j.get("d"), Some(&Json::Float(1.0)));
    assert_eq!(j.get("e"), Some(&Json::Float(-500.0)));
    assert_eq!(Json::Int(i64::MIN).to_json(), "-9223372036854775808");
    assert_eq!(Json::Float(1.0).to_json(), "1.0");
    assert_eq!(Json::Float(f64::NAN).to_json(), "null");
}

#[test]
fn json_strings_round_trip() {
    let j = Json::parse(r#""a\"b\\c\n\t\u00e9\ud83d\ude00\u0001/\/""#).unwrap();
    assert_eq!(j, Json::Str("a\"b\\c\n\té😀\u{1}//".to_string()));
    assert_eq!(Json::parse(&j.to_json()).unwrap(), j);
    assert_eq!(j.to_json(), r#""a\"b\\c\n\té😀\u0001//""#);
    // A lone surrogate becomes U+FFFD instead of failing.
    assert_eq!(Json::parse(r#""\ud800x""#).unwrap(), Json::Str("\u{fffd}x".to_string()));
}

#[test]
fn json_rejects_bad_input_with_offsets() {
    for (text, offset) in [("", 0), ("{", 1), ("[1,]", 3), ("01", 0), ("\"\u{1}\"", 1), ("tru", 0), ("1 2", 2), ("{\"a\" 1}", 5)] {
        let e = Json::parse(text).unwrap_err();
        assert_eq!(e.offset, offset, "{:?}: {}", text, e);
    }
    let deep = "[".repeat(300) + &"]".repeat(300);
    assert!(Json::parse(&deep).unwrap_err().message.contains("too deeply"));
}

#[test]
fn values_use_the_tagged_encoding() {
    let v = Value::List(vec![Value::Null, Value::Bool(true), Value::Int(i64::MAX), Value::Float(2.0), Value::Str("x".into())]);
    assert_eq!(v.to_json().to_json(), r#"{"List":[null,true,{"Int":9223372036854775807},{"Float":2.0},{"String":"x"}]}"#);
    let back = Value::from_json(&Json::parse(&v.to_json().to_json()).unwrap()).unwrap();
    assert_eq!(back, v);
    // Host forms: big integers may come as digits in a string, non-finite floats as null.
    assert_eq!(Value::from_json(&Json::parse(r#"{"Int":"-9223372036854775808"}"#).unwrap()).unwrap(), Value::Int(i64::MIN));
    assert!(matches!(Value::from_json(&Json::parse(r#"{"Float":null}"#).unwrap()).unwrap(), Value::Float(f) if f.is_nan()));
    assert!(Value::from_json(&Json::parse(r#"{"Nope":1}"#).unwrap()).is_err());
}

#[test]
fn scopes_sort_like_javascript_and_round_trip() {
    let s = Scope::new(ScopeKind::Folder("src".into()), vec!["/w/b".into(), "/w/\u{ff5e}".into(), "/w/😀".into(), "/w/b".into(), "/w/a".into()]);
    // UTF-16 order puts the astral character (surrogates 0xD83D...) before U+FF5E.
    assert_eq!(s.paths, vec!["/w/a", "/w/b", "/w/😀", "/w/\u{ff5e}"]);
    assert_eq!(js_cmp("😀", "\u{ff5e}"), std::cmp::Ordering::Less);
    let j = Value::Scope(s.clone().with_language("python")).to_json();
    assert_eq!(Value::from_json(&j).unwrap(), Value::Scope(s.clone().with_language("python")));
    // the description names the scope in messages and survives the round trip
    assert_eq!(s.label(), "Folder(\"src\")");
    let d = s.with_description("python.package_selector('src')");
    assert_eq!(d.label(), "python.package_selector('src')");
    assert_eq!(Value::from_json(&Value::Scope(d.clone()).to_json()).unwrap(), Value::Scope(d));
}

#[test]
fn check_results_encode_as_the_host_expects() {
    assert_eq!(CheckResult::Pass.to_json().to_json(), r#"{"Pass":null}"#);
    assert_eq!(CheckResult::error("no").to_json().to_json(), r#"{"Error":"no"}"#);
    let f = CheckResult::fail_at("bad", vec![Location::file("/w/a.py").at(3, 7).message("here")]);
    assert_eq!(f.to_json().to_json(), r#"{"Fail":"bad","locations":[{"file":"/w/a.py","line":3,"column":7,"message":"here"}]}"#);
}

struct Echo;

impl Library for Echo {
    fn metadata(&self) -> Metadata {
        Metadata::new("echo", "1.0.0", "test library")
            .function(
                FunctionDoc::selector("echo", "returns its arguments")
                    .returns("List")
                    .param(Param::new("n", "integer", "a number").code("E7"))
                    .param(Param::new("s", "string?", "text")),
            )
            .check(FunctionDoc::check("read", "reads a file").param(Param::new("path", "string", "file")))
    }

    fn call(&self, function: &str, args: &[Value], ctx: &Context) -> Result<Value, Error> {
        assert_eq!(function, "echo");
        let mut out = args.to_vec();
        out.push(Value::Str(ctx.workspace().to_string()));
        Ok(Value::List(out))
    }

    fn check(&self, _function: &str, args: &[Value], _ctx: &Context) -> Result<CheckResult, Error> {
        let path = Args::new(args).str(0)?;
        match host::read_to_string(path) {
            Ok(text) if text.contains("ok") => Ok(CheckResult::Pass),
            Ok(_) => Ok(CheckResult::fail(format!("{} does not say ok", path))),
            Err(e) => Err(Error::application(format!("cannot read {}: {}", path, e))),
        }
    }
}

#[test]
fn dispatch_validates_arguments_from_the_metadata() {
    let call = |req: &str| dispatch(&Echo, Kind::Call, req);
    assert_eq!(
        call(r#"{"function":"echo","args":[{"Int":9007199254740993},{"String":"x"}],"workspace":"/w/"}"#),
        r#"{"List":[{"Int":9007199254740993},{"String":"x"},{"String":"/w"}]}"#
    );
    // A finite float is accepted for an integer parameter and truncated.
    assert_eq!(call(r#"{"function":"echo","args":[{"Float":2.9}],"workspace":"/w"}"#), r#"{"List":[{"Int":2},{"String":"/w"}]}"#);
    assert_eq!(call(r#"{"function":"echo","args":[],"workspace":"/w"}"#), r#"{"error":{"code":"E7","message":"echo.echo: missing argument 1 (n: integer)"}}"#);
    assert_eq!(
        call(r#"{"function":"echo","args":[{"Int":1},{"Int":2}],"workspace":"/w"}"#),
        r#"{"error":{"code":"E-32602","message":"echo.echo: argument 2 (s) must be a string, got integer"}}"#
    );
    assert_eq!(
        call(r#"{"function":"echo","args":[{"Int":1},null,true],"workspace":"/w"}"#),
        r#"{"error":{"code":"E-32602","message":"echo.echo: argument 2 (s) must be a string, got null"}}"#
    );
    assert_eq!(
        call(r#"{"function":"echo","args":[{"Int":1},{"String":"a"},true],"workspace":"/w"}"#),
        r#"{"error":{"code":"E-32602","message":"echo.echo: too many arguments (integer, string, boolean); expected echo.echo(n: integer, s: string?)"}}"#
    );
    assert!(call("not json").starts_with(r#"{"error":{"code":"E-32700","message":"invalid request: unexpected character at byte 0"#));
    assert!(call("[]").contains("not a JSON object"));
}

#[test]
fn host_functions_work_natively_inside_the_workspace() {
    let dir = std::env::temp_dir().join(format!("hielements-sdk-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/a.txt"), "it is ok").unwrap();
    std::fs::write(dir.join("b.txt"), "nope").unwrap();
    let ws = dir.to_string_lossy().into_owned();
    let check = |path: &str| dispatch(&Echo, Kind::Check, &format!(r#"{{"function":"read","args":[{{"String":"{}"}}],"workspace":"{}"}}"#, path, ws));
    assert_eq!(check("sub/a.txt"), r#"{"Pass":null}"#);
    assert_eq!(check(&format!("{}/sub/a.txt", ws)), r#"{"Pass":null}"#);
    assert_eq!(check("b.txt"), r#"{"Fail":"b.txt does not say ok"}"#);
    assert!(check("missing.txt").contains("cannot read missing.txt: not found (-2)"));
    assert!(check("../escape.txt").contains("denied (-1)"));
    assert_eq!(host::file_exists("sub"), Ok(host::Existence::Directory));
    let names: Vec<String> = host::list_directory(".").unwrap().into_iter().map(|e| e.name).collect();
    assert_eq!(names, vec!["b.txt", "sub"]);
    assert_eq!(host::walk_files(".", &[]), vec!["b.txt", "sub/a.txt"]);
    host::write_file("sub/c.txt", b"written").unwrap();
    assert_eq!(host::read_to_string("sub/c.txt").unwrap(), "written");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn listing_format_is_parsed() {
    let entries = host::parse_listing("fa.txt\nddir\nllink\noodd\n\nx");
    let kinds: Vec<host::EntryKind> = entries.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![host::EntryKind::File, host::EntryKind::Directory, host::EntryKind::Symlink, host::EntryKind::Other]);
    assert_eq!(entries[0].name, "a.txt");
}

#[test]
fn metadata_declares_capabilities_only_when_asked() {
    let plain = Metadata::new("x", "1.0.0", "");
    assert_eq!(plain.to_json().get("capabilities"), None);
    let declared = Metadata::new("x", "1.0.0", "").capabilities(&["file_read", "file_write"]);
    assert_eq!(
        declared.to_json().get("capabilities"),
        Some(&Json::Array(vec![Json::Str("file_read".to_string()), Json::Str("file_write".to_string())]))
    );
    assert_eq!(Metadata::new("x", "1.0.0", "").capabilities(&[]).to_json().get("capabilities"), Some(&Json::Array(vec![])));
}
