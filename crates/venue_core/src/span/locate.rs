//! A tolerant outline parser for RON text, and a locator that finds the span of a value
//! by its path.
//!
//! serde does not keep spans of deserialized values, so validation, which works on the
//! model, finds the text of an entity here: `zones[2].polygon[3]` is the fourth point of
//! the third zone. The outline knows no types, only the shape of RON: named or unnamed
//! parenthesised groups (structs, tuples, variants), lists and maps. Wrappers with a
//! single value (`Some(...)`, `Door((...))`) are looked through, so paths follow the
//! model's fields, not the RON spelling.
use std::fmt;
use std::ops::Range;

/// Deepest nesting the outline follows; deeper text is not located (spans fall back
/// to an ancestor). Above ron's own limit, so every file ron accepts is covered.
const MAX_DEPTH: usize = 256;

/// One step of a path into a RON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A struct field: `polygon`.
    Field(String),
    /// A list (or tuple) element: `[3]`.
    Index(usize),
    /// A map entry by its (string) key: `["sink"]`.
    Key(String),
}

/// A path from the root value of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Self {
        Self(Vec::new())
    }

    pub fn field(&self, name: &str) -> Self {
        self.with(Seg::Field(name.to_owned()))
    }

    pub fn index(&self, i: usize) -> Self {
        self.with(Seg::Index(i))
    }

    pub fn key(&self, key: &str) -> Self {
        self.with(Seg::Key(key.to_owned()))
    }

    fn with(&self, seg: Seg) -> Self {
        let mut segs = self.0.clone();
        segs.push(seg);
        Self(segs)
    }
}

/// Longest name or key a subject spells out in full ([`Path::subject`]).
const MAX_SUBJECT_NAME: usize = 64;

impl Path {
    /// The path as a diagnostic's subject (`fixtures[4].model`), `None` for the root.
    /// Names and keys longer than 64 characters are cut (with `…`), so a hostile
    /// 4-million-character key does not make every diagnostic carry a copy of it.
    pub fn subject(&self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let cut = |name: &str| -> String {
            match name.char_indices().nth(MAX_SUBJECT_NAME) {
                Some((at, _)) => format!("{}…", &name[..at]),
                None => name.to_owned(),
            }
        };
        let mut out = String::new();
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Field(name) if i == 0 => out.push_str(&cut(name)),
                Seg::Field(name) => {
                    out.push('.');
                    out.push_str(&cut(name));
                }
                Seg::Index(n) => out.push_str(&format!("[{n}]")),
                Seg::Key(k) => out.push_str(&format!("[{:?}]", cut(k))),
            }
        }
        Some(out)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Field(name) if i == 0 => write!(f, "{name}")?,
                Seg::Field(name) => write!(f, ".{name}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
                Seg::Key(k) => write!(f, "[{k:?}]")?,
            }
        }
        Ok(())
    }
}

/// A value in the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Bytes of the whole value, including a variant or struct name before `(`.
    pub span: Range<usize>,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A number, string, char, bare name (`cooking`, `None`, `true`).
    Atom,
    /// `Name(...)` or `(...)`: a struct (fields), a tuple or a variant (items).
    Group {
        name: Option<Range<usize>>,
        fields: Vec<Field>,
        items: Vec<Node>,
    },
    /// `[...]`
    Seq(Vec<Node>),
    /// `{key: value, ...}`
    Map(Vec<(Node, Node)>),
}

/// `name: value` inside a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub name_span: Range<usize>,
    pub value: Node,
}

/// The outline of a text and lookups into it.
#[derive(Debug, Clone)]
pub struct Locator<'t> {
    text: &'t str,
    root: Option<Node>,
}

impl<'t> Locator<'t> {
    /// Outlines `text`; a text that is not RON gives a locator that finds nothing
    /// (its [`Locator::span`] falls back to the start of the file).
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            root: parse(text),
        }
    }

    /// The text this locator outlines.
    pub fn text(&self) -> &'t str {
        self.text
    }

    pub fn root(&self) -> Option<&Node> {
        self.root.as_ref()
    }

    /// Follows `path` as far as it goes: the deepest node reached, the key span of
    /// the last step taken (a field name or map key), and the steps taken.
    fn walk(&self, path: &Path) -> Option<(&Node, Option<Range<usize>>, usize)> {
        let mut node = self.root.as_ref()?;
        let mut key = None;
        for (taken, seg) in path.0.iter().enumerate() {
            match child(node, seg, self.text, 0) {
                Some((next, next_key)) => {
                    node = next;
                    key = next_key;
                }
                None => return Some((node, key, taken)),
            }
        }
        Some((node, key, path.0.len()))
    }

    /// The span of the value at `path`, if the whole path exists in the text.
    pub fn value_span(&self, path: &Path) -> Option<Range<usize>> {
        match self.walk(path)? {
            (node, _, taken) if taken == path.0.len() => Some(node.span.clone()),
            _ => None,
        }
    }

    /// The span of the field name (or map key) the path ends with, if it exists.
    pub fn key_span(&self, path: &Path) -> Option<Range<usize>> {
        match self.walk(path)? {
            (_, key, taken) if taken == path.0.len() => key,
            _ => None,
        }
    }

    /// Whether the whole path exists in the text.
    pub fn contains(&self, path: &Path) -> bool {
        self.value_span(path).is_some()
    }

    /// The span to show for `path`: the value if it fits on one line, else its field
    /// name, its `id`, or its first character. A path that does not exist in full
    /// (a defaulted field) shows its nearest ancestor the same way. Without an
    /// outline, the first character of the file.
    pub fn span(&self, path: &Path) -> Range<usize> {
        let Some((node, key, _)) = self.walk(path) else {
            return token_span(self.text, 0);
        };
        if self.single_line(&node.span) {
            return node.span.clone();
        }
        // The key of a missing path's deepest ancestor is fine too: a missing
        // `zones[9]` shows `zones`.
        key.unwrap_or_else(|| self.head(node))
    }

    fn single_line(&self, span: &Range<usize>) -> bool {
        self.text
            .get(span.clone())
            .is_some_and(|s| !s.contains('\n'))
    }

    /// A one-line span standing for a multi-line node.
    fn head(&self, node: &Node) -> Range<usize> {
        if let Some(id) = find_field(node, "id", 0) {
            return id.value.span.clone();
        }
        match &node.kind {
            Kind::Group {
                name: Some(name), ..
            } => name.clone(),
            _ => node.span.start..(node.span.start + 1).min(self.text.len()),
        }
    }
}

/// The field `name` of a group, looking through single-value wrappers.
fn find_field<'n>(node: &'n Node, name: &str, depth: usize) -> Option<&'n Field> {
    if depth > MAX_DEPTH {
        return None;
    }
    match &node.kind {
        Kind::Group { fields, items, .. } => {
            if let Some(field) = fields.iter().find(|f| f.name == name) {
                Some(field)
            } else if fields.is_empty() && items.len() == 1 {
                find_field(&items[0], name, depth + 1)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn child<'n>(
    node: &'n Node,
    seg: &Seg,
    text: &str,
    depth: usize,
) -> Option<(&'n Node, Option<Range<usize>>)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let wrapped = match &node.kind {
        Kind::Group { fields, items, .. } if fields.is_empty() && items.len() == 1 => items.first(),
        _ => None,
    };
    match seg {
        Seg::Field(name) => {
            if let Kind::Group { fields, .. } = &node.kind
                && let Some(field) = fields.iter().find(|f| f.name == *name)
            {
                return Some((&field.value, Some(field.name_span.clone())));
            }
            child(wrapped?, seg, text, depth + 1)
        }
        Seg::Index(i) => match &node.kind {
            Kind::Seq(items) => items.get(*i).map(|n| (n, None)),
            Kind::Group { fields, items, .. } if fields.is_empty() => match wrapped {
                Some(inner) if inner.kind != Kind::Atom => child(inner, seg, text, depth + 1),
                _ => items.get(*i).map(|n| (n, None)),
            },
            _ => None,
        },
        Seg::Key(key) => match &node.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| unquote(text.get(k.span.clone()).unwrap_or("")) == key)
                .map(|(k, v)| (v, Some(k.span.clone()))),
            _ => child(wrapped?, seg, text, depth + 1),
        },
    }
}

/// The content of a string literal (escapes are not interpreted; ids have none).
fn unquote(literal: &str) -> &str {
    let s = literal.strip_prefix('b').unwrap_or(literal);
    let s = s.strip_prefix('r').unwrap_or(s);
    let s = s.trim_matches('#');
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

/// The outline of `text`, or `None` if it is not shaped like RON.
pub fn parse(text: &str) -> Option<Node> {
    let mut sc = Scanner::new(text, 0);
    sc.skip_ws();
    // `#![enable(...)]` attributes.
    while sc.peek() == Some(b'#') {
        sc.pos += 1;
        if sc.peek() == Some(b'!') {
            sc.pos += 1;
        }
        sc.skip_ws();
        sc.value(0)?;
        sc.skip_ws();
    }
    sc.value(0)
}

/// The span of the smallest value that contains byte `offset` (with its closing
/// bracket), if the text can be outlined.
pub fn enclosing_value(text: &str, offset: usize) -> Option<Range<usize>> {
    let root = parse(text)?;
    let mut node = &root;
    if !node.span.contains(&offset) {
        return None;
    }
    'descend: loop {
        let children: Vec<&Node> = match &node.kind {
            Kind::Atom => Vec::new(),
            Kind::Group { fields, items, .. } => fields
                .iter()
                .map(|f| &f.value)
                .chain(items.iter())
                .collect(),
            Kind::Seq(items) => items.iter().collect(),
            Kind::Map(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
        };
        for child in children {
            if child.span.contains(&offset) {
                node = child;
                continue 'descend;
            }
        }
        return Some(node.span.clone());
    }
}

/// Whether `text` holds nothing but whitespace and comments.
pub fn is_blank(text: &str) -> bool {
    let mut sc = Scanner::new(text, 0);
    sc.skip_ws();
    sc.peek().is_none()
}

/// The span of the token starting at `start` (a string, a name, a number or one
/// punctuation character); used to widen zero-width error positions.
pub fn token_span(text: &str, start: usize) -> Range<usize> {
    let start = start.min(text.len());
    if !text.is_char_boundary(start) {
        return start..start;
    }
    let mut sc = Scanner::new(text, start);
    let end = match sc.peek() {
        None => start,
        Some(b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':') => start + 1,
        Some(_) if sc.literal() => sc.pos,
        Some(_) => {
            sc.atom();
            if sc.pos > start {
                sc.pos
            } else {
                // Whitespace or another single character.
                start + text[start..].chars().next().map_or(0, char::len_utf8)
            }
        }
    };
    start..end
}

/// The extent of `name: value` starting at `start`, with the comma after it; `None`
/// if no field starts there.
pub fn field_extent(text: &str, start: usize) -> Option<Range<usize>> {
    if !text.is_char_boundary(start) {
        return None;
    }
    let mut sc = Scanner::new(text, start);
    let name = sc.atom();
    if name.is_empty() {
        return None;
    }
    sc.skip_ws();
    if sc.peek() != Some(b':') {
        return None;
    }
    sc.pos += 1;
    sc.value(0)?;
    let value_end = sc.pos;
    sc.skip_ws();
    if sc.peek() == Some(b',') {
        Some(start..sc.pos + 1)
    } else {
        Some(start..value_end)
    }
}

/// The first span of the string value of `field` equal to `value`, e.g. the
/// `"sink_1"` of `id: "sink_1"`; a fallback when no outline could be made.
pub fn find_field_value(text: &str, field: &str, value: &str) -> Option<Range<usize>> {
    let quoted = format!("\"{value}\"");
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find(field)) {
        let name_start = from + found;
        let name_end = name_start + field.len();
        from = name_end;
        let before_ok = text[..name_start]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if !before_ok {
            continue;
        }
        let rest = &text[name_end..];
        let after_colon = rest.trim_start().strip_prefix(':')?;
        let value_text = after_colon.trim_start();
        if value_text.starts_with(&quoted) {
            let at = text.len() - value_text.len();
            return Some(at..at + quoted.len());
        }
    }
    None
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'\n'
            | b'\r'
            | b'('
            | b')'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b','
            | b':'
            | b'"'
            | b'/'
    )
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str, pos: usize) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Skips whitespace and comments (block comments nest, as in RON).
    fn skip_ws(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b' ' | b'\t' | b'\n' | b'\r'), _) => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.pos += 2;
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.peek(), self.peek_at(1)) {
                            (None, _) => return,
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.pos += 2;
                            }
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.pos += 2;
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// A bare token: a name, a number, `r#raw` name. Returns its span.
    fn atom(&mut self) -> Range<usize> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_delimiter(b) {
                break;
            }
            self.pos += 1;
        }
        start..self.pos
    }

    /// A string (plain, raw, byte) or char literal at the cursor; advances past it
    /// and returns true, or returns false without moving.
    fn literal(&mut self) -> bool {
        let start = self.pos;
        let mut p = self.pos;
        if self.bytes.get(p) == Some(&b'b') {
            p += 1;
        }
        let raw = self.bytes.get(p) == Some(&b'r');
        if raw {
            p += 1;
        }
        let mut hashes = 0;
        while raw && self.bytes.get(p) == Some(&b'#') {
            hashes += 1;
            p += 1;
        }
        match self.bytes.get(p) {
            Some(b'"') if raw => {
                p += 1;
                loop {
                    match self.bytes.get(p) {
                        None => {
                            self.pos = self.bytes.len();
                            return true;
                        }
                        Some(b'"')
                            if self
                                .bytes
                                .get(p + 1..p + 1 + hashes)
                                .is_some_and(|h| h.iter().all(|&c| c == b'#')) =>
                        {
                            self.pos = p + 1 + hashes;
                            return true;
                        }
                        _ => p += 1,
                    }
                }
            }
            Some(b'"') => {
                self.pos = p;
                self.quoted(b'"');
                true
            }
            Some(b'\'') if p == start || p == start + 1 => {
                self.pos = p;
                self.quoted(b'\'');
                true
            }
            _ => false,
        }
    }

    /// Past a `"…"` or `'…'` with backslash escapes; the cursor is on the quote.
    fn quoted(&mut self, quote: u8) {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'\\' {
                self.pos += 1;
            } else if b == quote {
                return;
            }
        }
        self.pos = self.pos.min(self.bytes.len());
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        let start = self.pos;
        match self.peek()? {
            b'(' => self.group(start, None, depth),
            b'[' => {
                self.pos += 1;
                let items = self.items(b']', depth)?;
                Some(Node {
                    span: start..self.pos,
                    kind: Kind::Seq(items),
                })
            }
            b'{' => {
                self.pos += 1;
                let entries = self.map(depth)?;
                Some(Node {
                    span: start..self.pos,
                    kind: Kind::Map(entries),
                })
            }
            b')' | b']' | b'}' | b',' | b':' => None,
            _ => {
                if self.literal() {
                    return Some(Node {
                        span: start..self.pos,
                        kind: Kind::Atom,
                    });
                }
                let name = self.atom();
                if name.is_empty() {
                    // A lone `/` or `"` that is not a comment or a string.
                    return None;
                }
                let after = self.pos;
                self.skip_ws();
                if self.peek() == Some(b'(') {
                    let open = self.pos;
                    self.group(open, Some(name), depth).map(|mut node| {
                        node.span.start = start;
                        node
                    })
                } else {
                    self.pos = after;
                    Some(Node {
                        span: start..after,
                        kind: Kind::Atom,
                    })
                }
            }
        }
    }

    /// `(…)` at the cursor: fields `name: value` and/or items.
    fn group(&mut self, start: usize, name: Option<Range<usize>>, depth: usize) -> Option<Node> {
        self.pos += 1;
        let mut fields = Vec::new();
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b')' => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    if let Some(field) = self.field(depth)? {
                        fields.push(field);
                    } else {
                        items.push(self.value(depth + 1)?);
                    }
                }
            }
            if !self.separator(b')')? {
                self.pos += 1;
                break;
            }
        }
        Some(Node {
            span: start..self.pos,
            kind: Kind::Group {
                name,
                fields,
                items,
            },
        })
    }

    /// `name: value` at the cursor: `Some(Some(field))`; `Some(None)` (cursor
    /// unchanged) if the cursor is not at a field; `None` on a malformed value.
    fn field(&mut self, depth: usize) -> Option<Option<Field>> {
        let start = self.pos;
        let first = self.peek()?;
        if !(first.is_ascii_alphabetic() || first == b'_' || first >= 0x80) {
            return Some(None);
        }
        let name_span = self.atom();
        self.skip_ws();
        if self.peek() != Some(b':') {
            self.pos = start;
            return Some(None);
        }
        self.pos += 1;
        let value = self.value(depth + 1)?;
        let raw = &self.text[name_span.clone()];
        let name = raw.strip_prefix("r#").unwrap_or(raw).to_owned();
        Some(Some(Field {
            name,
            name_span,
            value,
        }))
    }

    /// After an element: consumes a `,` and returns true if more may follow; returns
    /// false with the cursor on `close` if the container ends; `None` otherwise.
    fn separator(&mut self, close: u8) -> Option<bool> {
        self.skip_ws();
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Some(true)
            }
            b if b == close => Some(false),
            _ => None,
        }
    }

    fn items(&mut self, close: u8, depth: usize) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.peek()? == close {
                self.pos += 1;
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            if !self.separator(close)? {
                self.pos += 1;
                return Some(items);
            }
        }
    }

    fn map(&mut self, depth: usize) -> Option<Vec<(Node, Node)>> {
        let mut entries = Vec::new();
        loop {
            self.skip_ws();
            if self.peek()? == b'}' {
                self.pos += 1;
                return Some(entries);
            }
            let key = self.value(depth + 1)?;
            self.skip_ws();
            if self.peek()? != b':' {
                return None;
            }
            self.pos += 1;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            if !self.separator(b'}')? {
                self.pos += 1;
                return Some(entries);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"// comment with ( and "quotes"
(
id: "x",
zones: [
    (id: "a", kind: cooking, polygon: [(0, 0), (1, 0), (1, 1)], clear_height: 3.0),
    (
        id: "b",
        kind: dining,
        name: Some((zh: "就餐", en: "Dining")),
        polygon: [
            (0, 0),
            (2, 0),
        ],
        clear_height: 2.5, /* nested /* block */ comment */
    ),
],
walls: [(id: "w", openings: [Door((id: "d", width: 0.9)), Window(id: "v", width: 1)])],
fixtures: {"sink": (model: r#"m/"x".glb"#, size: (1, 2, 3))},
flag: Some(Flag("x")),
)"##;

    fn text_at(path: &Path) -> &'static str {
        let loc = Locator::new(TEXT);
        &TEXT[loc.span(path)]
    }

    #[test]
    fn finds_fields_items_and_keys() {
        let root = Path::root();
        assert_eq!(text_at(&root.field("id")), "\"x\"");
        let a = root.field("zones").index(0);
        assert_eq!(text_at(&a.field("kind")), "cooking");
        assert_eq!(text_at(&a.field("polygon").index(2)), "(1, 1)");
        assert_eq!(text_at(&a.field("polygon").index(2).index(0)), "1");
        let b = root.field("zones").index(1);
        assert_eq!(text_at(&b.field("name").field("en")), "\"Dining\"");
        assert_eq!(text_at(&b.field("clear_height")), "2.5");
        // A multi-line value shows its field name; an entity its id.
        assert_eq!(text_at(&b.field("polygon")), "polygon");
        assert_eq!(text_at(&b), "\"b\"");
        assert_eq!(text_at(&b.field("polygon").index(1)), "(2, 0)");
        let w = root.field("walls").index(0).field("openings");
        assert_eq!(text_at(&w.index(0).field("width")), "0.9");
        assert_eq!(text_at(&w.index(1).field("id")), "\"v\"");
        let sink = root.field("fixtures").key("sink");
        assert_eq!(text_at(&sink.field("model")), "r#\"m/\"x\".glb\"#");
        assert_eq!(text_at(&sink.field("size").index(1)), "2");
        assert_eq!(
            Locator::new(TEXT).key_span(&sink).map(|s| &TEXT[s]),
            Some("\"sink\"")
        );
        assert_eq!(text_at(&root.field("flag")), "Some(Flag(\"x\"))");
    }

    #[test]
    fn missing_paths_fall_back_to_the_nearest_ancestor() {
        let loc = Locator::new(TEXT);
        let b = Path::root().field("zones").index(1);
        assert!(!loc.contains(&b.field("attributes")));
        assert_eq!(&TEXT[loc.span(&b.field("attributes"))], "\"b\"");
        assert_eq!(
            &TEXT[loc.span(&Path::root().field("zones").index(9))],
            "zones"
        );
    }

    #[test]
    fn garbage_falls_back_to_the_start() {
        let text = "(a: [1, 2";
        let loc = Locator::new(text);
        assert!(loc.root().is_none());
        assert_eq!(loc.span(&Path::root().field("a")), 0..1);
        assert_eq!(Locator::new("").span(&Path::root()), 0..0);
    }

    #[test]
    fn tokens_and_fields() {
        let text = "(a: \"xy\", bad_name: [1, (2)], c: 3)";
        assert_eq!(token_span(text, 4), 4..8);
        assert_eq!(token_span(text, 0), 0..1);
        let start = text.find("bad_name").unwrap_or(0);
        let extent = field_extent(text, start).unwrap_or(0..0);
        assert_eq!(&text[extent], "bad_name: [1, (2)],");
        assert_eq!(field_extent(text, 1).map(|r| &text[r]), Some("a: \"xy\","));
        assert_eq!(field_extent(text, 0), None);
    }

    #[test]
    fn finds_the_value_around_an_offset() {
        let text = "(a: {\"k\": [1, 2]}, b: 3)";
        let close = text.find(']').unwrap_or(0);
        assert_eq!(
            enclosing_value(text, close).map(|r| &text[r]),
            Some("[1, 2]")
        );
        let two = text.find('2').unwrap_or(0);
        assert_eq!(enclosing_value(text, two).map(|r| &text[r]), Some("2"));
        assert_eq!(enclosing_value("(a: [", 2), None);
    }

    #[test]
    fn finds_an_id_by_text() {
        let text = "(fixtures: [(id: \"a\"), (uid: \"b\"), (id :  \"b\")])";
        let span = find_field_value(text, "id", "b").unwrap_or(0..0);
        assert_eq!(&text[span.clone()], "\"b\"");
        assert!(span.start > text.find("uid").unwrap_or(0));
        assert_eq!(find_field_value(text, "id", "c"), None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = "[".repeat(100_000);
        assert!(parse(&text).is_none());
        let text = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert!(parse(&text).is_none());
    }

    #[test]
    fn paths_display() {
        let p = Path::root()
            .field("zones")
            .index(2)
            .field("polygon")
            .key("k");
        assert_eq!(p.to_string(), "zones[2].polygon[\"k\"]");
    }
}
