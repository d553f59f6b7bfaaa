//! The canonical RON layout, shared by lossless saving (for the values it writes new:
//! an added fixture, a replaced list) and by [`crate::fmt`] (for a whole file).
//!
//! Input is a value serialised compactly by ron (`ron::to_string`, so every atom is
//! ron's own spelling) and outlined with [`crate::span::locate::parse`]; output is the
//! layout the shipped files use: 4-space indents, `name: value` with a space, a value
//! on one line when it fits in [`MAX_LINE`] columns, else one field or item per line
//! with a trailing comma. Fields holding their default are left out (`None`, `{}`,
//! `rotation: 0.0`…; see [`omitted`]).
//!
//! With the original text beside it (fmt), comments travel with the field, list item
//! or map entry they stand before (or after, on the same line), and a blank line the
//! author left before one is kept. A value whose text holds a comment is never folded
//! onto one line, so its comments have lines to live on. Comments anywhere else (inside
//! a `Some(` … `)` wrapper before its value, between a name and its colon) are not
//! written; [`Layout::emitted`] counts those that are, so the caller can report the
//! rest, never lose them silently.
//!
//! Invariant: the output parses back to the value the compact text holds; callers
//! check this by parsing, so a layout slip is an error, never a changed file.

use crate::span::locate::{Kind, Node};
use std::ops::Range;

/// Longest line (in columns, indentation included) a value is folded onto.
pub const MAX_LINE: usize = 100;

/// Longest line a list item without lists inside (a fixture, a door, a tour stop) is
/// folded onto: the shipped files keep one fixture per line even with attributes,
/// while walls (with openings) and zones (with polygons) are blocks.
pub const MAX_ITEM_LINE: usize = 200;

/// Columns a character takes: CJK and other wide characters take two (the shipped
/// files are full of Chinese text, and lines are judged as an editor shows them).
fn columns(c: char) -> usize {
    if ('\u{1100}'..='\u{115F}').contains(&c) || ('\u{2E80}'..='\u{FFDC}').contains(&c) {
        2
    } else {
        1
    }
}

/// Whether `node` holds a list (`[…]`) anywhere inside.
fn has_list(node: &Node) -> bool {
    match &node.kind {
        Kind::Atom => false,
        Kind::Seq(_) => true,
        Kind::Group { fields, items, .. } => {
            fields.iter().any(|f| has_list(&f.value)) || items.iter().any(has_list)
        }
        Kind::Map(entries) => entries.iter().any(|(_, v)| has_list(v)),
    }
}

/// The longest line list item `node` is folded onto ([`MAX_ITEM_LINE`] for an item
/// with no list inside, else [`MAX_LINE`]).
pub fn item_limit(node: &Node) -> usize {
    if has_list(node) {
        MAX_LINE
    } else {
        MAX_ITEM_LINE
    }
}

/// One level of indentation.
pub const INDENT: &str = "    ";

/// Lists that may be left out when empty (they are `#[serde(default)]` in the model).
/// Required lists (`floor`, `polygon`, `stops`…) are always written.
const OMIT_WHEN_EMPTY: [&str; 6] = [
    "walls",
    "zones",
    "fixtures",
    "external",
    "rule_packs",
    "openings",
];

/// Fields whose default, as ron spells it, is left out (`#[serde(default)]` in the
/// model): a fixture facing +z, a door that is not exterior and swings `left_in`, a
/// catalogue type on the floor that blocks walking.
const DEFAULTS: [(&str, &str); 5] = [
    ("rotation", "0.0"),
    ("exterior", "false"),
    ("swing", "left_in"),
    ("blocks_walking", "true"),
    ("mounting_height", "0.0"),
];

/// Whether field `name` holding `value` (ron's compact text) is left out.
pub fn omitted(name: &str, value: &str) -> bool {
    value == "None"
        || value == "{}"
        || (value == "[]" && OMIT_WHEN_EMPTY.contains(&name))
        || DEFAULTS.contains(&(name, value))
}

/// A child of a container in the outline, by how its parent names it.
#[derive(Clone)]
enum Child<'n> {
    Field(&'n str, &'n Node, Range<usize>),
    Item(usize, &'n Node),
    Entry(&'n Node, &'n Node),
}

impl<'n> Child<'n> {
    fn value(&self) -> &'n Node {
        match self {
            Child::Field(_, v, _) | Child::Item(_, v) | Child::Entry(_, v) => v,
        }
    }

    /// Where the child starts in its text: its name or key, else its value.
    fn start(&self) -> usize {
        match self {
            Child::Field(_, _, name) => name.start,
            Child::Item(_, v) => v.span.start,
            Child::Entry(k, _) => k.span.start,
        }
    }
}

fn children(node: &Node) -> Vec<Child<'_>> {
    match &node.kind {
        Kind::Atom => Vec::new(),
        Kind::Group { fields, items, .. } => fields
            .iter()
            .map(|f| Child::Field(f.name.as_str(), &f.value, f.name_span.clone()))
            .chain(items.iter().enumerate().map(|(i, n)| Child::Item(i, n)))
            .collect(),
        Kind::Seq(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| Child::Item(i, n))
            .collect(),
        Kind::Map(entries) => entries.iter().map(|(k, v)| Child::Entry(k, v)).collect(),
    }
}

/// A single-value wrapper (`Some(x)`, `Door((…))`): its name and its value.
pub fn wrapper<'n>(node: &'n Node, text: &'n str) -> Option<(&'n str, &'n Node)> {
    match &node.kind {
        Kind::Group {
            name: Some(name),
            fields,
            items,
        } if fields.is_empty() && items.len() == 1 => Some((text.get(name.clone())?, &items[0])),
        _ => None,
    }
}

/// The content of a quoted key (`"gas"` → `gas`), for matching map keys across texts.
pub fn unquote(key: &str) -> &str {
    key.strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .unwrap_or(key)
}

/// The comment tokens (`// …` to the end of the line, `/* … */` nested) in
/// `text[range]`, skipping string and char literals.
pub fn comments_in(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let mut out = Vec::new();
    let mut i = range.start;
    while i < end {
        match (bytes[i], bytes.get(i + 1).copied()) {
            (b'/', Some(b'/')) => {
                let start = i;
                while i < end && bytes[i] != b'\n' {
                    i += 1;
                }
                out.push(start..i);
            }
            (b'/', Some(b'*')) => {
                let start = i;
                let mut depth = 0usize;
                while i < end {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(start..i.min(end));
            }
            (b'r', Some(b'"' | b'#')) if i == 0 || !is_ident(bytes[i - 1]) => {
                // A raw string: r#"…"# with any number of hashes.
                let mut j = i + 1;
                let mut hashes = 0;
                while bytes.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if bytes.get(j) != Some(&b'"') {
                    i = j;
                    continue;
                }
                j += 1;
                while j < end {
                    if bytes[j] == b'"'
                        && bytes
                            .get(j + 1..j + 1 + hashes)
                            .is_some_and(|h| h.iter().all(|&c| c == b'#'))
                    {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                i = j;
            }
            (b'"', _) => {
                i += 1;
                while i < end && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Columns `s` takes (for the line limits).
pub fn width(s: &str) -> usize {
    s.chars().map(columns).sum()
}

/// Lays out values of one compact text, carrying the comments of `source` (the text
/// the value was parsed from) when given.
pub struct Layout<'a> {
    compact: &'a str,
    source: Option<&'a str>,
    /// Comment tokens written so far.
    pub emitted: usize,
}

impl<'a> Layout<'a> {
    /// A layout of values of `compact`; with `source`, source nodes passed to
    /// [`Layout::value`] bring their comments along.
    pub fn new(compact: &'a str, source: Option<&'a str>) -> Self {
        Self {
            compact,
            source,
            emitted: 0,
        }
    }

    fn text(&self, node: &Node) -> &'a str {
        self.compact.get(node.span.clone()).unwrap_or("")
    }

    /// `node` on one line.
    pub fn inline(&self, node: &Node) -> String {
        if let Some((name, inner)) = wrapper(node, self.compact) {
            return format!("{name}({})", self.inline(inner));
        }
        match &node.kind {
            Kind::Atom => self.text(node).to_owned(),
            Kind::Group { name, .. } => {
                let prefix = name.clone().and_then(|n| self.compact.get(n)).unwrap_or("");
                let parts = self
                    .kept(node)
                    .into_iter()
                    .map(|c| self.inline_child(c))
                    .collect::<Vec<_>>();
                format!("{prefix}({})", parts.join(", "))
            }
            Kind::Seq(_) => {
                let parts = self
                    .kept(node)
                    .into_iter()
                    .map(|c| self.inline_child(c))
                    .collect::<Vec<_>>();
                format!("[{}]", parts.join(", "))
            }
            Kind::Map(_) => {
                let parts = self
                    .kept(node)
                    .into_iter()
                    .map(|c| self.inline_child(c))
                    .collect::<Vec<_>>();
                format!("{{{}}}", parts.join(", "))
            }
        }
    }

    fn inline_child(&self, child: Child<'_>) -> String {
        match child {
            Child::Field(name, v, _) => format!("{name}: {}", self.inline(v)),
            Child::Item(_, v) => self.inline(v),
            Child::Entry(k, v) => format!("{}: {}", self.text(k), self.entry_value(v)),
        }
    }

    /// A map value on one line. Attribute and flag values are untagged numbers, which
    /// ron spells `200.0`; authors write `200`, which reads back the same.
    fn entry_value(&self, v: &Node) -> String {
        let text = self.inline(v);
        match text.strip_suffix(".0") {
            Some(whole)
                if matches!(v.kind, Kind::Atom)
                    && !whole.is_empty()
                    && whole
                        .trim_start_matches('-')
                        .bytes()
                        .all(|b| b.is_ascii_digit()) =>
            {
                whole.to_owned()
            }
            _ => text,
        }
    }

    /// The children written: struct fields holding their default are left out.
    fn kept<'n>(&self, node: &'n Node) -> Vec<Child<'n>> {
        children(node)
            .into_iter()
            .filter(|c| match c {
                Child::Field(name, v, _) => !omitted(name, self.text(v)),
                _ => true,
            })
            .collect()
    }

    /// `node` at indentation level `indent`, `used` columns into its line: on one line
    /// if it fits and its source holds no comment, else one child per line.
    /// `src` is the same value in the source text (for its comments).
    pub fn value(&mut self, node: &Node, src: Option<&Node>, indent: usize, used: usize) -> String {
        self.value_within(node, src, indent, used, MAX_LINE)
    }

    /// [`Layout::value`] with the line limit `limit`.
    fn value_within(
        &mut self,
        node: &Node,
        src: Option<&Node>,
        indent: usize,
        used: usize,
        limit: usize,
    ) -> String {
        let commented = match (self.source, src) {
            (Some(text), Some(src)) => !comments_in(text, src.span.clone()).is_empty(),
            _ => false,
        };
        let line = self.inline(node);
        if matches!(node.kind, Kind::Atom) || (!commented && used + width(&line) <= limit) {
            return line;
        }
        if let Some((name, inner)) = wrapper(node, self.compact) {
            let src_inner = src.and_then(|s| wrapper(s, self.source.unwrap_or("")).map(|(_, i)| i));
            let body = self.value_within(inner, src_inner, indent, used + width(name) + 1, limit);
            return format!("{name}({body})");
        }
        self.block(node, src, indent)
    }

    /// `node` with one child per line (a container), the closing bracket at `indent`.
    pub fn block(&mut self, node: &Node, src: Option<&Node>, indent: usize) -> String {
        let (open, close, prefix) = match &node.kind {
            Kind::Atom => return self.inline(node),
            Kind::Group { name, .. } => (
                '(',
                ')',
                name.clone().and_then(|n| self.compact.get(n)).unwrap_or(""),
            ),
            Kind::Seq(_) => ('[', ']', ""),
            Kind::Map(_) => ('{', '}', ""),
        };
        let pad = INDENT.repeat(indent + 1);
        let plan = self.comment_plan(src);
        let mut out = format!("{prefix}{open}\n");
        for (n, child) in self.kept(node).into_iter().enumerate() {
            let src_child = src.and_then(|s| matching(s, &child, self.compact, self.source));
            if let Some(sc) = &src_child {
                let key = sc.start();
                for (blank, comment) in plan.leading(key) {
                    if blank && n > 0 {
                        out.push('\n');
                    }
                    out.push_str(&pad);
                    out.push_str(comment);
                    out.push('\n');
                    self.emitted += 1;
                }
                if plan.blank_before(key) && n > 0 {
                    out.push('\n');
                }
            }
            let head = match &child {
                Child::Field(name, _, _) => format!("{name}: "),
                Child::Item(..) => String::new(),
                Child::Entry(k, _) => format!("{}: ", self.text(k)),
            };
            let used = width(&pad) + width(&head);
            let body = match &child {
                Child::Entry(_, v) if matches!(v.kind, Kind::Atom) => self.entry_value(v),
                _ => {
                    let limit = match &child {
                        Child::Item(_, v) => item_limit(v),
                        _ => MAX_LINE,
                    };
                    let src_value = src_child.as_ref().map(|c| c.value());
                    self.value_within(child.value(), src_value, indent + 1, used, limit)
                }
            };
            out.push_str(&pad);
            out.push_str(&head);
            out.push_str(&body);
            out.push(',');
            if let Some(sc) = &src_child {
                for comment in plan.trailing(sc.start()) {
                    out.push(' ');
                    out.push_str(comment);
                    self.emitted += 1;
                }
            }
            out.push('\n');
        }
        for comment in &plan.closing {
            out.push_str(&pad);
            out.push_str(comment);
            out.push('\n');
            self.emitted += 1;
        }
        out.push_str(&INDENT.repeat(indent));
        out.push(close);
        out
    }

    /// Where the comments between the children of `src` go.
    fn comment_plan(&self, src: Option<&Node>) -> CommentPlan<'a> {
        let (Some(text), Some(src)) = (self.source, src) else {
            return CommentPlan::default();
        };
        let mut kids: Vec<(usize, usize)> = children(src)
            .iter()
            .map(|c| (c.start(), c.value().span.end))
            .collect();
        kids.sort_unstable();
        let open = match &src.kind {
            Kind::Group {
                name: Some(name), ..
            } => {
                text.get(name.end..src.span.end)
                    .and_then(|t| t.find('('))
                    .map_or(src.span.start, |i| name.end + i)
                    + 1
            }
            _ => src.span.start + 1,
        };
        let close = src.span.end.saturating_sub(1);
        let mut plan = CommentPlan::default();
        let mut prev_end = open;
        let mut prev_key = None;
        for &(start, end) in kids.iter().chain(std::iter::once(&(close, close))) {
            let gap = prev_end..start.max(prev_end);
            let mut last = prev_end;
            for c in comments_in(text, gap.clone()) {
                let between = text.get(last..c.start).unwrap_or("");
                let comment = text.get(c.clone()).unwrap_or("");
                let same_line = !between.contains('\n');
                match prev_key {
                    Some(key) if same_line && last == prev_end => {
                        plan.trailing.push((key, comment))
                    }
                    _ if start == close => plan.closing.push(comment),
                    _ => plan.leading.push((start, blank_line(between), comment)),
                }
                last = c.end;
            }
            if start != close && blank_line(text.get(last..start).unwrap_or("")) {
                plan.blank.push(start);
            }
            prev_end = end;
            prev_key = Some(start);
        }
        plan
    }
}

/// Whether `gap` holds an empty line (a line between two line breaks with nothing but
/// spaces on it).
fn blank_line(gap: &str) -> bool {
    let parts: Vec<&str> = gap.split('\n').collect();
    parts.len() > 2
        && parts[1..parts.len() - 1]
            .iter()
            .any(|p| p.trim().is_empty())
}

/// Comments of one container's source, keyed by the start of the child they belong to.
#[derive(Default)]
struct CommentPlan<'t> {
    /// Before a child on their own lines: (child start, blank line before, comment).
    leading: Vec<(usize, bool, &'t str)>,
    /// After a child on its last line.
    trailing: Vec<(usize, &'t str)>,
    /// Children with a blank line right before them.
    blank: Vec<usize>,
    /// After the last child, before the closing bracket.
    closing: Vec<&'t str>,
}

impl<'t> CommentPlan<'t> {
    fn leading(&self, key: usize) -> Vec<(bool, &'t str)> {
        self.leading
            .iter()
            .filter(|l| l.0 == key)
            .map(|l| (l.1, l.2))
            .collect()
    }

    fn trailing(&self, key: usize) -> Vec<&'t str> {
        self.trailing
            .iter()
            .filter(|t| t.0 == key)
            .map(|t| t.1)
            .collect()
    }

    fn blank_before(&self, key: usize) -> bool {
        self.blank.contains(&key)
    }
}

/// The child of `src` (a source node) that corresponds to `child` (a compact node's).
fn matching<'n>(
    src: &'n Node,
    child: &Child<'_>,
    compact: &str,
    source: Option<&str>,
) -> Option<Child<'n>> {
    let source = source?;
    let kids = children(src);
    match child {
        Child::Field(name, ..) => kids
            .into_iter()
            .find(|c| matches!(c, Child::Field(n, ..) if n == name)),
        Child::Item(i, _) => kids
            .into_iter()
            .find(|c| matches!(c, Child::Item(j, _) if j == i)),
        Child::Entry(k, _) => {
            let key = unquote(compact.get(k.span.clone()).unwrap_or(""));
            kids.into_iter().find(|c| {
                matches!(c, Child::Entry(sk, _) if unquote(source.get(sk.span.clone()).unwrap_or("")) == key)
            })
        }
    }
}
