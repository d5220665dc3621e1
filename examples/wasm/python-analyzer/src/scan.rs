//! A tokenizer-level Python scanner: the imports and class/function definitions of one file,
//! with the positions and texts the built-in `python` library reports.
//!
//! The tokenizer knows what hides code: comments, strings with every prefix (`r`, `b`, `u`, `f`
//! and their pairs, any case), triple-quoted strings, f-strings with nested replacement fields
//! (including format specs and nested strings), brackets (a newline inside them does not end the
//! statement) and backslash continuations. Logical lines are then read as statements:
//! decorators, compound headers (`if x: import y`), `;`-separated simple statements, `import` and
//! `from … import` statements, `class` and `def`/`async def` at any depth.
//!
//! Positions follow the host: lines count `\n`, columns are 1-based UTF-16 code units.

/// One `import a.b as c` part, or one `from m import a, b` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// As written without whitespace: `os.path`, `..models`, `.`.
    pub specifier: String,
    /// `from` statements: the imported names (`*` for a star import); `None` for `import`.
    pub names: Option<Vec<String>>,
    pub line: u32,
    pub column: u32,
    /// The statement's first line, trimmed (at most 120 UTF-16 units, then `…`).
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Class,
    Function,
    Method,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub kind: SymbolKind,
    pub name: String,
    pub line: u32,
    pub column: u32,
    /// Name of the enclosing class or function, if any.
    pub container: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub imports: Vec<Import>,
    pub symbols: Vec<Symbol>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Op,
    Str,
    Num,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Bracket depth before the token (an opening bracket has the outer depth).
    depth: u32,
}

/// Facts of a Python source text.
pub fn scan(text: &str) -> Facts {
    let mut s = Scanner { src: text, b: text.as_bytes(), pos: 0, lines: line_starts(text), facts: Facts::default(), open: Vec::new() };
    s.run();
    s.facts
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            v.push(i + 1);
        }
    }
    v
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// `r`, `b`, `u`, `f`, `br`, `rb`, `fr`, `rf` in any case.
fn string_prefix(p: &str) -> Option<(bool, bool)> {
    if p.len() > 2 {
        return None;
    }
    let l = p.to_ascii_lowercase();
    let ok = matches!(l.as_str(), "r" | "b" | "u" | "f" | "br" | "rb" | "fr" | "rf");
    if !ok {
        return None;
    }
    Some((l.contains('r'), l.contains('f')))
}

struct Open {
    indent: usize,
    kind: SymbolKind,
    name: String,
}

struct Scanner<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    lines: Vec<usize>,
    facts: Facts,
    open: Vec<Open>,
}

impl<'a> Scanner<'a> {
    fn at(&self, i: usize) -> u8 {
        if i < self.b.len() {
            self.b[i]
        } else {
            0
        }
    }

    fn run(&mut self) {
        let mut toks: Vec<Tok> = Vec::new();
        let mut depth: u32 = 0;
        // A byte-order mark is not code.
        if self.src.starts_with('\u{feff}') {
            self.pos = 3;
        }
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            match c {
                b' ' | b'\t' | b'\x0c' | b'\r' => self.pos += 1,
                b'\\' => {
                    // continuation: the next line joins this one
                    if self.at(self.pos + 1) == b'\n' {
                        self.pos += 2;
                    } else if self.at(self.pos + 1) == b'\r' && self.at(self.pos + 2) == b'\n' {
                        self.pos += 3;
                    } else {
                        self.pos += 1;
                    }
                }
                b'#' => {
                    while self.pos < self.b.len() && self.b[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    self.pos += 1;
                    if depth == 0 && !toks.is_empty() {
                        self.logical_line(&toks);
                        toks.clear();
                    }
                }
                b'"' | b'\'' => {
                    let start = self.pos;
                    self.string(false, false);
                    toks.push(Tok { kind: Kind::Str, start, end: self.pos, depth });
                }
                _ if is_ident_start(c) => {
                    let start = self.pos;
                    while self.pos < self.b.len() && is_ident(self.b[self.pos]) {
                        self.pos += 1;
                    }
                    let q = self.at(self.pos);
                    if q == b'"' || q == b'\'' {
                        if let Some((raw, f)) = string_prefix(&self.src[start..self.pos]) {
                            self.string(raw, f);
                            toks.push(Tok { kind: Kind::Str, start, end: self.pos, depth });
                            continue;
                        }
                    }
                    toks.push(Tok { kind: Kind::Name, start, end: self.pos, depth });
                }
                b'0'..=b'9' => {
                    let start = self.pos;
                    self.number();
                    toks.push(Tok { kind: Kind::Num, start, end: self.pos, depth });
                }
                b'.' if self.at(self.pos + 1).is_ascii_digit() => {
                    let start = self.pos;
                    self.number();
                    toks.push(Tok { kind: Kind::Num, start, end: self.pos, depth });
                }
                b'(' | b'[' | b'{' => {
                    toks.push(Tok { kind: Kind::Op, start: self.pos, end: self.pos + 1, depth });
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    toks.push(Tok { kind: Kind::Op, start: self.pos, end: self.pos + 1, depth });
                    self.pos += 1;
                }
                _ => {
                    // one token per character: enough for `.`, `,`, `:`, `;`, `*`, `@`, `->`
                    let len = utf8_len(c);
                    toks.push(Tok { kind: Kind::Op, start: self.pos, end: self.pos + len, depth });
                    self.pos += len;
                }
            }
        }
        if !toks.is_empty() {
            self.logical_line(&toks);
        }
    }

    /// A number literal: digits, letters (`0x1F`, `1j`, `1e5`), `_` and `.`, and the sign of a
    /// decimal exponent (`1e-5`; in `0xE-1` the `-` is an operator).
    fn number(&mut self) {
        let start = self.pos;
        let hex = matches!(&self.b[start..(start + 2).min(self.b.len())], b"0x" | b"0X");
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' {
                self.pos += 1;
                if (c == b'e' || c == b'E') && !hex && matches!(self.at(self.pos), b'+' | b'-') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A string literal starting at the quote under `pos` (prefix already consumed). An
    /// unterminated single-quoted string ends at the end of its line.
    fn string(&mut self, raw: bool, fstring: bool) {
        let q = self.b[self.pos];
        let triple = self.at(self.pos + 1) == q && self.at(self.pos + 2) == q;
        self.pos += if triple { 3 } else { 1 };
        self.string_body(q, triple, raw, fstring);
    }

    /// Returns true when the closing quote was found.
    fn string_body(&mut self, q: u8, triple: bool, raw: bool, fstring: bool) -> bool {
        let _ = raw; // a backslash escapes the next character in raw strings too (for the tokenizer)
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            if c == b'\\' {
                self.pos += 2;
                continue;
            }
            if c == q {
                if !triple {
                    self.pos += 1;
                    return true;
                }
                if self.at(self.pos + 1) == q && self.at(self.pos + 2) == q {
                    self.pos += 3;
                    return true;
                }
                self.pos += 1;
                continue;
            }
            if c == b'\n' && !triple {
                return false;
            }
            if fstring && c == b'{' {
                if self.at(self.pos + 1) == b'{' {
                    self.pos += 2;
                    continue;
                }
                self.pos += 1;
                if !self.replacement_field(triple) {
                    return false;
                }
                continue;
            }
            self.pos += 1;
        }
        self.pos = self.pos.min(self.b.len());
        false
    }

    /// An f-string replacement field after its `{`: an expression (brackets, nested strings),
    /// an optional `!r` conversion and `:` format spec (which may hold nested fields), up to the
    /// closing `}`. Returns false when the line ends first in a single-quoted f-string.
    fn replacement_field(&mut self, triple: bool) -> bool {
        let mut depth = 0u32;
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            match c {
                b'\n' if !triple => return false,
                b'\'' | b'"' => self.string(false, false),
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' => {
                    depth = depth.saturating_sub(1);
                    self.pos += 1;
                }
                b'}' => {
                    self.pos += 1;
                    if depth == 0 {
                        return true;
                    }
                    depth -= 1;
                }
                b':' if depth == 0 => {
                    self.pos += 1;
                    return self.format_spec(triple);
                }
                _ if is_ident_start(c) => {
                    let start = self.pos;
                    while self.pos < self.b.len() && is_ident(self.b[self.pos]) {
                        self.pos += 1;
                    }
                    let q = self.at(self.pos);
                    if q == b'"' || q == b'\'' {
                        if let Some((raw, f)) = string_prefix(&self.src[start..self.pos]) {
                            self.string(raw, f);
                        }
                    }
                }
                _ => self.pos += 1,
            }
        }
        false
    }

    /// Format spec text up to the field's closing `}`; `{` opens a nested field.
    fn format_spec(&mut self, triple: bool) -> bool {
        while self.pos < self.b.len() {
            match self.b[self.pos] {
                b'\n' if !triple => return false,
                b'}' => {
                    self.pos += 1;
                    return true;
                }
                b'{' => {
                    self.pos += 1;
                    if !self.replacement_field(triple) {
                        return false;
                    }
                }
                _ => self.pos += 1,
            }
        }
        false
    }

    // ------------------------------------------------------------ statements

    fn text(&self, t: &Tok) -> &'a str {
        &self.src[t.start..t.end]
    }

    fn is(&self, t: Option<&Tok>, word: &str) -> bool {
        t.map_or(false, |t| self.text(t) == word)
    }

    fn is_name(&self, t: Option<&Tok>, word: &str) -> bool {
        t.map_or(false, |t| t.kind == Kind::Name && self.text(t) == word)
    }

    /// 1-based line and UTF-16 column of a byte offset.
    fn position(&self, offset: usize) -> (u32, u32) {
        let line = match self.lines.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.lines[line];
        let col: usize = self.src[start..offset].chars().map(|c| c.len_utf16()).sum();
        (line as u32 + 1, col as u32 + 1)
    }

    /// Visual indentation of the line holding `offset` (tabs to the next multiple of 8).
    fn indent(&self, offset: usize) -> usize {
        let (line, _) = self.position(offset);
        let start = self.lines[line as usize - 1];
        let mut col = 0;
        for &c in &self.b[start..offset] {
            match c {
                b'\t' => col = (col / 8 + 1) * 8,
                _ => col += 1,
            }
        }
        col
    }

    /// The statement's text from `start` to `end`, first line only, trimmed and shortened.
    fn first_line(&self, start: usize, end: usize) -> String {
        let t = &self.src[start..end];
        let line = match t.find('\n') {
            Some(i) => &t[..i],
            None => t,
        };
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let units: usize = line.chars().map(|c| c.len_utf16()).sum();
        if units <= 120 {
            return line.to_string();
        }
        let mut out = String::new();
        let mut n = 0;
        for c in line.chars() {
            if n + c.len_utf16() > 119 {
                break;
            }
            n += c.len_utf16();
            out.push(c);
        }
        out.push('…');
        out
    }

    fn logical_line(&mut self, toks: &[Tok]) {
        let indent = self.indent(toks[0].start);
        while self.open.last().map_or(false, |o| o.indent >= indent) {
            self.open.pop();
        }
        if self.is(toks.first(), "@") {
            return; // a decorator; the definition follows on its own line
        }
        self.statements(toks, indent);
    }

    /// `;`-separated statements (a compound header's body on the same line included).
    fn statements(&mut self, toks: &[Tok], indent: usize) {
        let mut begin = 0;
        let mut i = 0;
        while i <= toks.len() {
            let end = i == toks.len() || (toks[i].depth == toks[0].depth && self.text(&toks[i]) == ";" && toks[i].kind == Kind::Op);
            if end {
                if begin < i {
                    self.statement(&toks[begin..i], indent);
                }
                begin = i + 1;
            }
            i += 1;
        }
    }

    fn statement(&mut self, toks: &[Tok], indent: usize) {
        let first = self.text(&toks[0]);
        if toks[0].kind != Kind::Name {
            return;
        }
        match first {
            "import" => self.import(toks),
            "from" => self.from_import(toks),
            "class" | "def" => self.compound(toks, indent, 0),
            "async" if self.is_name(toks.get(1), "def") => self.compound(toks, indent, 1),
            "if" | "elif" | "else" | "while" | "for" | "try" | "except" | "finally" | "with" | "async" | "match" | "case" => {
                self.compound(toks, indent, usize::MAX)
            }
            _ => {}
        }
    }

    /// A compound statement's header; `def_at` is the index of `class`/`def` (MAX: not a definition).
    fn compound(&mut self, toks: &[Tok], indent: usize, def_at: usize) {
        if def_at != usize::MAX {
            let kw = self.text(&toks[def_at]);
            if let Some(name) = toks.get(def_at + 1).filter(|t| t.kind == Kind::Name) {
                let (line, column) = self.position(name.start);
                let container = self.open.last();
                let kind = if kw == "class" {
                    SymbolKind::Class
                } else if container.map_or(false, |c| c.kind == SymbolKind::Class) {
                    SymbolKind::Method
                } else {
                    SymbolKind::Function
                };
                let text = self.text(name).to_string();
                self.facts.symbols.push(Symbol { kind, name: text.clone(), line, column, container: container.map(|c| c.name.clone()) });
                self.open.push(Open { indent, kind, name: text });
            }
        }
        // the header ends at the first `:` outside brackets that does not belong to a lambda
        let base = toks[0].depth;
        let mut lambdas = 0;
        for (i, t) in toks.iter().enumerate() {
            if t.depth != base {
                continue;
            }
            if t.kind == Kind::Name && self.text(t) == "lambda" {
                lambdas += 1;
            } else if t.kind == Kind::Op && self.text(t) == ":" {
                if self.is(toks.get(i + 1), "=") && toks[i + 1].start == t.end {
                    continue; // `:=`
                }
                if lambdas > 0 {
                    lambdas -= 1;
                    continue;
                }
                if i + 1 < toks.len() {
                    // a body on the same line: simple statements only
                    self.statements(&toks[i + 1..], usize::MAX);
                }
                return;
            }
        }
    }

    /// `a.b.c` starting at `i`: the squashed name and the index after it.
    fn dotted(&self, toks: &[Tok], mut i: usize) -> (String, usize) {
        let mut name = String::new();
        while let Some(t) = toks.get(i) {
            if t.kind != Kind::Name {
                break;
            }
            name.push_str(self.text(t));
            if self.is(toks.get(i + 1), ".") && toks.get(i + 2).map_or(false, |n| n.kind == Kind::Name) {
                name.push('.');
                i += 2;
            } else {
                i += 1;
                break;
            }
        }
        (name, i)
    }

    fn import(&mut self, toks: &[Tok]) {
        let end = toks[toks.len() - 1].end;
        let text = self.first_line(toks[0].start, end);
        let mut i = 1;
        while i < toks.len() {
            if toks[i].kind != Kind::Name {
                break;
            }
            let (spec, next) = self.dotted(toks, i);
            let (line, column) = self.position(toks[i].start);
            self.facts.imports.push(Import { specifier: spec, names: None, line, column, text: text.clone() });
            i = next;
            if self.is_name(toks.get(i), "as") {
                i += 2;
            }
            if self.is(toks.get(i), ",") {
                i += 1;
            } else {
                break;
            }
        }
    }

    fn from_import(&mut self, toks: &[Tok]) {
        let mut i = 1;
        let mut spec = String::new();
        while self.is(toks.get(i), ".") {
            spec.push('.');
            i += 1;
        }
        if toks.get(i).map_or(false, |t| t.kind == Kind::Name && self.text(t) != "import") {
            let (name, next) = self.dotted(toks, i);
            spec.push_str(&name);
            i = next;
        }
        if spec.is_empty() || !self.is_name(toks.get(i), "import") {
            return;
        }
        if spec == "__future__" {
            return; // a future statement is a compiler directive, not an import
        }
        i += 1;
        let mut names = Vec::new();
        if self.is(toks.get(i), "(") {
            i += 1;
        }
        while let Some(t) = toks.get(i) {
            if t.kind == Kind::Op && self.text(t) == "*" {
                names.push("*".to_string());
                break;
            }
            if t.kind != Kind::Name {
                break;
            }
            let (name, next) = self.dotted(toks, i);
            names.push(name);
            i = next;
            if self.is_name(toks.get(i), "as") {
                i += 2;
            }
            if self.is(toks.get(i), ",") {
                i += 1;
            } else {
                break;
            }
        }
        let end = toks[toks.len() - 1].end;
        let (line, column) = self.position(toks[0].start);
        let text = self.first_line(toks[0].start, end);
        self.facts.imports.push(Import { specifier: spec, names: Some(names), line, column, text });
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}
