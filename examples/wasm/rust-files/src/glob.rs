//! Glob matching with the semantics the built-in `files` library gets from picomatch with
//! `{ dot: true }`: `*` and `?` never cross `/`, `**` as a whole segment matches any number of
//! segments (also none), `[abc]`, `[a-z]`, `[^a]` classes, `{a,b}` alternatives (nested),
//! `\x` escapes, and a leading `!` negates the pattern. Dot-files match like any other name.
//! Not supported (documented in docs/rust_sdk.md): extglobs `@(a|b)`, POSIX classes, `{1..3}` ranges.

/// A compiled glob: one segment list per brace alternative.
pub struct Glob {
    alternatives: Vec<Vec<Segment>>,
    negated: bool,
}

enum Segment {
    /// `**`
    Any,
    Pattern(Vec<Token>),
}

enum Token {
    Char(char),
    /// `?`
    One,
    /// `*`
    Star,
    Class { negated: bool, items: Vec<(char, char)> },
}

impl Glob {
    pub fn new(pattern: &str) -> Glob {
        let (negated, body) = match pattern.strip_prefix('!') {
            Some(rest) if !rest.starts_with('(') => (true, rest),
            _ => (false, pattern),
        };
        let alternatives = expand_braces(body).iter().map(|alt| compile(alt)).collect();
        Glob { alternatives, negated }
    }

    /// Does the `/`-separated relative path match?
    pub fn is_match(&self, path: &str) -> bool {
        let segs: Vec<Vec<char>> = path.split('/').map(|s| s.chars().collect()).collect();
        let hit = self.alternatives.iter().any(|alt| match_segments(alt, &segs));
        hit != self.negated
    }
}

fn compile(pattern: &str) -> Vec<Segment> {
    pattern
        .split('/')
        .map(|seg| if seg == "**" { Segment::Any } else { Segment::Pattern(tokens(seg)) })
        .collect()
}

fn tokens(seg: &str) -> Vec<Token> {
    let chars: Vec<char> = seg.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                out.push(Token::Char(chars[i + 1]));
                i += 2;
                continue;
            }
            '?' => out.push(Token::One),
            '*' => {
                // `**` inside a segment is the same as `*`.
                while i + 1 < chars.len() && chars[i + 1] == '*' {
                    i += 1;
                }
                out.push(Token::Star);
            }
            '[' => {
                if let Some((tok, next)) = class(&chars, i) {
                    out.push(tok);
                    i = next;
                    continue;
                }
                out.push(Token::Char('['));
            }
            c => out.push(Token::Char(c)),
        }
        i += 1;
    }
    out
}

/// Parse `[...]` starting at `start`; None when it is not closed (then `[` is literal).
fn class(chars: &[char], start: usize) -> Option<(Token, usize)> {
    let mut i = start + 1;
    // Like picomatch, only `^` negates; `[!a]` is the class of `!` and `a`.
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    while i < chars.len() {
        let mut c = chars[i];
        if c == ']' && !first {
            return Some((Token::Class { negated, items }, i + 1));
        }
        first = false;
        if c == '\\' && i + 1 < chars.len() {
            i += 1;
            c = chars[i];
        }
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).map_or(false, |x| *x != ']') {
            items.push((c, chars[i + 2]));
            i += 3;
        } else {
            items.push((c, c));
            i += 1;
        }
    }
    None
}

fn match_segments(pat: &[Segment], path: &[Vec<char>]) -> bool {
    match pat.first() {
        None => path.is_empty(),
        Some(Segment::Any) => (0..=path.len()).any(|k| match_segments(&pat[1..], &path[k..])),
        Some(Segment::Pattern(toks)) => match path.first() {
            Some(seg) => match_tokens(toks, seg) && match_segments(&pat[1..], &path[1..]),
            None => false,
        },
    }
}

/// Wildcard match of one segment (iterative, with backtracking to the last `*`).
fn match_tokens(toks: &[Token], s: &[char]) -> bool {
    let (mut t, mut i) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while i < s.len() {
        let step = match toks.get(t) {
            Some(Token::Char(c)) => *c == s[i],
            Some(Token::One) => true,
            Some(Token::Class { negated, items }) => items.iter().any(|(a, b)| *a <= s[i] && s[i] <= *b) != *negated,
            Some(Token::Star) => {
                star = Some((t, i));
                t += 1;
                continue;
            }
            None => false,
        };
        if step {
            t += 1;
            i += 1;
        } else if let Some((st, si)) = star {
            t = st + 1;
            i = si + 1;
            star = Some((st, si + 1));
        } else {
            return false;
        }
    }
    toks[t..].iter().all(|k| matches!(k, Token::Star))
}

/// Expand `{a,b}` alternatives (nested braces too). A brace group without a top-level comma is
/// kept literally.
pub fn expand_braces(p: &str) -> Vec<String> {
    let chars: Vec<char> = p.chars().collect();
    let mut depth = 0;
    let mut open = None;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '{' => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let start = open.unwrap_or(0);
                    let inner: String = chars[start + 1..i].iter().collect();
                    let parts = split_top(&inner);
                    if parts.len() > 1 {
                        let prefix: String = chars[..start].iter().collect();
                        let suffix: String = chars[i + 1..].iter().collect();
                        let mut out = Vec::new();
                        for part in parts {
                            for rest in expand_braces(&format!("{}{}", part, suffix)) {
                                for head in expand_braces(&prefix) {
                                    out.push(format!("{}{}", head, rest));
                                }
                            }
                        }
                        return out;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    vec![p.to_string()]
}

fn split_top(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                cur.push(c);
            }
            '{' => {
                depth += 1;
                cur.push(c);
            }
            '}' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}
