//! Lossless saving: the edited venue written back into the author's own text.
//!
//! [`save_text`] compares the model the text parsed to with the edited model, value by
//! value along the outline of the text ([`crate::span::locate`]), and changes the text
//! only at the values that differ: a changed number is replaced in place, a deleted
//! list item is removed with its own line, an added one is inserted after its
//! predecessor in the list's own style (one per line with that line's indentation, or
//! inline), a field that was left at its default and is now set is inserted after the
//! field before it. Comments, blank lines, field order and layout of everything the
//! edit did not touch stay byte for byte, line ends (`\n` or `\r\n`) included. New text
//! is laid out by [`render`].
//!
//! Invariants:
//! - The original text must parse to the original model ([`SaveError::StaleOriginal`]
//!   otherwise), and the result must parse to exactly the edited model
//!   ([`SaveError::NotRoundTrip`] otherwise): a text that does not round-trip is never
//!   returned, so it is never written.
//! - No edit returns the original text unchanged, byte for byte.
//! - List items with an `id` are matched by id (so deleting the third fixture does not
//!   rewrite the ones after it); other lists by position when their length is unchanged,
//!   else the whole list is rewritten. An item whose id moved in the list (deleted, and
//!   the id given again to an added item) is deleted where it was and written where it
//!   is; deleting every item that was there rewrites that list.
//!   Maps (attributes, flags) whose set of keys changed are rewritten whole.
//!   Comments inside a rewritten list or map are lost; comments above a deleted item
//!   are kept (they often describe a group, not the item).
//!
//! [`write_atomic`] then puts the text on disk so that a crash leaves the old file or
//! the new one, never a mix.

mod atomic;
pub mod render;

pub use atomic::{BACKUP_SUFFIX, WriteError, write_atomic};

use crate::compact_sort::CompactSort;
use crate::model::Venue;
use crate::span::locate::{self, Kind, Node};
use render::{INDENT, Layout, unquote, wrapper};
use std::ops::Range;
use std::path::Path;

/// Why an edited venue could not be turned into text. Nothing is written in any case.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SaveError {
    /// The original text does not parse to the original model: the file changed on
    /// disk since it was loaded, or the wrong text was passed. Reload, then edit.
    #[error("the original text does not match the venue it was loaded as (changed on disk?)")]
    StaleOriginal,
    /// The original text parses as a venue but cannot be outlined (it should always
    /// be: the outline accepts everything ron does).
    #[error("the original text could not be outlined")]
    Unoutlinable,
    /// ron could not serialise a model (a non-finite number, say).
    #[error("the venue could not be serialised: {0}")]
    Serialize(String),
    /// The new text does not parse back to the edited model; `detail` says where it
    /// differs or why it does not parse. A bug in saving, reported instead of writing.
    #[error("the saved text would not read back as the edited venue: {detail}")]
    NotRoundTrip { detail: String },
}

/// The text of `edited`, made from `original_text` (which parsed to `original`) by
/// changing only what differs. See the module documentation for what is kept.
pub fn save_text(
    original_text: &str,
    original: &Venue,
    edited: &Venue,
) -> Result<String, SaveError> {
    let file = Path::new("venue.ron");
    match crate::load::parse_venue(original_text, file) {
        Ok(parsed) if parsed == *original => {}
        _ => return Err(SaveError::StaleOriginal),
    }
    if original == edited {
        return Ok(original_text.to_owned());
    }
    let old_text = ron::to_string(original).map_err(|e| SaveError::Serialize(e.to_string()))?;
    let new_text = ron::to_string(edited).map_err(|e| SaveError::Serialize(e.to_string()))?;
    let (Some(old), Some(new), Some(src)) = (
        locate::parse(&old_text),
        locate::parse(&new_text),
        locate::parse(original_text),
    ) else {
        return Err(SaveError::Unoutlinable);
    };
    let mut diff = Diff {
        old: &old_text,
        new: &new_text,
        src: original_text,
        edits: Vec::new(),
    };
    diff.value(&old, &new, &src);
    // New text is laid out with `\n`; a file written with `\r\n` keeps its line ends.
    let mut edits = diff.edits;
    if original_text.contains("\r\n") {
        for (_, with) in &mut edits {
            *with = with.replace("\r\n", "\n").replace('\n', "\r\n");
        }
    }
    let text = apply(original_text, edits)?;
    match crate::load::parse_venue(&text, file) {
        Ok(parsed) if parsed == *edited => Ok(text),
        Ok(parsed) => Err(SaveError::NotRoundTrip {
            detail: first_difference(&parsed, edited),
        }),
        Err(diags) => Err(SaveError::NotRoundTrip {
            detail: diags
                .first()
                .map(|d| format!("{} ({:?})", d.message, d.span))
                .unwrap_or_default(),
        }),
    }
}

/// [`save_text`], then [`write_atomic`] to `path`, keeping the previous file as
/// `venue.ron.bak`. Returns the text written: with `edited`, it is the original of
/// the next save.
pub fn save_file(
    path: &Path,
    original_text: &str,
    original: &Venue,
    edited: &Venue,
) -> Result<String, SaveFileError> {
    let text = save_text(original_text, original, edited)?;
    write_atomic(path, &text)?;
    Ok(text)
}

/// Why [`save_file`] failed: no text could be made, or it could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SaveFileError {
    /// See [`SaveError`]; nothing was written.
    #[error(transparent)]
    Text(#[from] SaveError),
    /// See [`WriteError`]; the file on disk is the old one, whole.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Names the first top-level field in which two venues differ.
fn first_difference(a: &Venue, b: &Venue) -> String {
    let a = serde_json::to_value(a).unwrap_or_default();
    let b = serde_json::to_value(b).unwrap_or_default();
    if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
        for (k, v) in a {
            if b.get(k) != Some(v) {
                return format!("`{k}` differs");
            }
        }
    }
    "the venues differ".to_owned()
}

/// Applies non-overlapping `(span, replacement)` edits.
fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> Result<String, SaveError> {
    edits.sort_compact_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (range, with) in edits {
        if range.start < at || range.end > text.len() {
            return Err(SaveError::NotRoundTrip {
                detail: format!("overlapping edits at byte {}", range.start),
            });
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// The walk over three outlines: the original model's compact text (`old`), the
/// edited model's (`new`) and the author's text (`src`, same values as `old`).
struct Diff<'t> {
    old: &'t str,
    new: &'t str,
    src: &'t str,
    edits: Vec<(Range<usize>, String)>,
}

impl Diff<'_> {
    fn old_text(&self, n: &Node) -> &str {
        self.old.get(n.span.clone()).unwrap_or("")
    }

    fn new_text(&self, n: &Node) -> &str {
        self.new.get(n.span.clone()).unwrap_or("")
    }

    /// Makes `src` (which holds `old`) hold `new`.
    fn value(&mut self, old: &Node, new: &Node, src: &Node) {
        if self.old_text(old) == self.new_text(new) {
            return;
        }
        // Wrappers (`Some(x)`, `Door((…))`) with the same name: look inside.
        if let (Some((on, oi)), Some((nn, ni)), Some((sn, si))) = (
            wrapper(old, self.old),
            wrapper(new, self.new),
            wrapper(src, self.src),
        ) && on == nn
            && nn == sn
        {
            return self.value(oi, ni, si);
        }
        match (&old.kind, &new.kind, &src.kind) {
            (
                Kind::Group {
                    fields: of,
                    items: oi,
                    ..
                },
                Kind::Group {
                    fields: nf,
                    items: ni,
                    ..
                },
                Kind::Group {
                    fields: sf,
                    items: si,
                    ..
                },
            ) if !nf.is_empty() && of.len() == nf.len() && oi.is_empty() && si.is_empty() => {
                self.fields(new, src, of, nf, sf);
            }
            (
                Kind::Group {
                    fields: of,
                    items: oi,
                    ..
                },
                Kind::Group {
                    fields: nf,
                    items: ni,
                    ..
                },
                Kind::Group {
                    fields: sf,
                    items: si,
                    ..
                },
            ) if of.is_empty()
                && nf.is_empty()
                && sf.is_empty()
                && oi.len() == ni.len()
                && oi.len() == si.len() =>
            {
                for ((o, n), s) in oi.iter().zip(ni).zip(si) {
                    self.value(o, n, s);
                }
            }
            (Kind::Seq(oi), Kind::Seq(ni), Kind::Seq(si))
                if oi.len() == si.len() && !si.is_empty() =>
            {
                self.list(oi, ni, si, src);
            }
            (Kind::Map(oe), Kind::Map(ne), Kind::Map(se)) if oe.len() == se.len() => {
                let keys = |entries: &[(Node, Node)], text: &str| -> Vec<String> {
                    let mut k: Vec<String> = entries
                        .iter()
                        .map(|(k, _)| unquote(text.get(k.span.clone()).unwrap_or("")).to_owned())
                        .collect();
                    k.sort();
                    k
                };
                if keys(oe, self.old) == keys(ne, self.new)
                    && keys(ne, self.new) == keys(se, self.src)
                {
                    for (nk, nv) in ne {
                        let key = unquote(self.new_text(nk));
                        let find = |entries: &[(Node, Node)], text: &str| {
                            entries.iter().position(|(k, _)| {
                                unquote(text.get(k.span.clone()).unwrap_or("")) == key
                            })
                        };
                        if let (Some(o), Some(s)) = (find(oe, self.old), find(se, self.src)) {
                            self.value(&oe[o].1, nv, &se[s].1);
                        }
                    }
                } else {
                    self.replace(new, src);
                }
            }
            _ => self.replace(new, src),
        }
    }

    /// A struct: changed fields in place, newly set ones inserted.
    fn fields(
        &mut self,
        new: &Node,
        src: &Node,
        of: &[locate::Field],
        nf: &[locate::Field],
        sf: &[locate::Field],
    ) {
        if of.iter().zip(nf).any(|(o, n)| o.name != n.name) {
            return self.replace(new, src);
        }
        for (i, (o, n)) in of.iter().zip(nf).enumerate() {
            if self.old_text(&o.value) == self.new_text(&n.value) {
                continue;
            }
            match sf.iter().find(|s| s.name == n.name) {
                Some(s) => self.value(&o.value, &n.value, &s.value),
                None => {
                    // Left at its default in the text: insert it after the nearest
                    // earlier field the text has, else before the first.
                    let anchor = nf[..i]
                        .iter()
                        .rev()
                        .find_map(|p| sf.iter().find(|s| s.name == p.name));
                    let layout = Layout::new(self.new, None);
                    let item = format!("{}: {}", n.name, layout.inline(&n.value));
                    let multi = self.multi_line(src);
                    match (anchor, sf.first()) {
                        (Some(a), _) => self.insert_after(a.value.span.end, multi, &[item]),
                        (None, Some(first)) => {
                            self.insert_before(first.name_span.start, multi, &[item])
                        }
                        (None, None) => return self.replace(new, src),
                    }
                }
            }
        }
    }

    /// A list: by id when every item has one, else by position.
    fn list(&mut self, oi: &[Node], ni: &[Node], si: &[Node], src: &Node) {
        let ids = |items: &[Node], text: &str| -> Option<Vec<String>> {
            let ids: Vec<String> = items
                .iter()
                .map(|n| item_id(n, text))
                .collect::<Option<_>>()?;
            let mut sorted = ids.clone();
            sorted.sort();
            sorted.dedup();
            (sorted.len() == ids.len()).then_some(ids)
        };
        let (Some(old_ids), Some(new_ids)) = (ids(oi, self.old), ids(ni, self.new)) else {
            if oi.len() == ni.len() {
                for ((o, n), s) in oi.iter().zip(ni).zip(si) {
                    self.value(o, n, s);
                }
            } else {
                self.replace_list(ni, src);
            }
            return;
        };
        // Items kept in place: the longest run of ids common to both lists in the same
        // order. An item that moved (an id deleted and given again to a new item, which
        // the edits append) is deleted where it was and written anew where it is, so a
        // move never rewrites the list and its comments.
        let matched = kept_in_order(&old_ids, &new_ids);
        if matched.iter().all(Option::is_none) {
            return self.replace_list(ni, src);
        }
        let mut kept = vec![false; old_ids.len()];
        for o in matched.iter().flatten() {
            kept[*o] = true;
        }
        let multi = self.multi_line(src);
        // Deleted items, run by run: items on lines of their own go with their lines;
        // other runs go with the separators after them (before them, at the end of the
        // list), so neighbouring removals never overlap.
        let deleted: Vec<bool> = kept.iter().map(|k| !k).collect();
        let mut i = 0;
        while i < si.len() {
            if !deleted[i] {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < si.len() && deleted[j + 1] {
                j += 1;
            }
            let own: Option<Vec<Range<usize>>> = (i..=j).map(|k| self.own_lines(&si[k])).collect();
            match own {
                Some(lines) => self
                    .edits
                    .extend(lines.into_iter().map(|r| (r, String::new()))),
                None if j + 1 < si.len() => {
                    self.edits
                        .push((si[i].span.start..si[j + 1].span.start, String::new()));
                }
                // A run at the end; something before it is kept (else the list was
                // rewritten above), so there is a separator before it to take.
                None => self
                    .edits
                    .push((si[i - 1].span.end..si[j].span.end, String::new())),
            }
            i = j + 1;
        }
        // Kept items, and the new ones after each (or before the first kept one).
        let mut pending: Vec<String> = Vec::new();
        let mut anchor: Option<usize> = None;
        for j in 0..new_ids.len() {
            match matched[j] {
                Some(o) => {
                    if !pending.is_empty() {
                        let items = std::mem::take(&mut pending);
                        match anchor {
                            Some(a) => self.insert_after(si[a].span.end, multi, &items),
                            None => self.insert_before(si[o].span.start, multi, &items),
                        }
                    }
                    self.value(&oi[o], &ni[j], &si[o]);
                    anchor = Some(o);
                }
                None => {
                    // One line like its neighbours, or a block where it does not fit.
                    let indent = self.indent_level(si[0].span.start);
                    let used = INDENT.len() * indent;
                    let mut layout = Layout::new(self.new, None);
                    let line = layout.inline(&ni[j]);
                    let text = if multi && used + render::width(&line) > render::item_limit(&ni[j])
                    {
                        layout.block(&ni[j], None, indent)
                    } else {
                        line
                    };
                    pending.push(text);
                }
            }
        }
        if let (false, Some(a)) = (pending.is_empty(), anchor) {
            self.insert_after(si[a].span.end, multi, &pending);
        }
    }

    /// Whether the container's items start on lines of their own.
    fn multi_line(&self, src: &Node) -> bool {
        self.src
            .get(src.span.clone())
            .is_some_and(|t| t.contains('\n'))
    }

    /// The leading whitespace of the line holding byte `at`.
    fn line_indent(&self, at: usize) -> &str {
        let start = self.src[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = &self.src[start..];
        &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
    }

    fn indent_level(&self, at: usize) -> usize {
        self.line_indent(at).replace('\t', INDENT).len() / INDENT.len()
    }

    /// Inserts `items` (each a value, or `name: value`) after the element ending at
    /// `end`: on lines of their own in a multi-line container, else inline.
    fn insert_after(&mut self, end: usize, multi: bool, items: &[String]) {
        // `end` is a token boundary on the element's last line (spans start and end at
        // ASCII delimiters, so slicing there never splits a character).
        let indent = self.line_indent(end).to_owned();
        let rest = &self.src[end..];
        let after_ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let has_comma = rest[after_ws..].starts_with(',');
        if multi {
            let joined: String = items.iter().map(|i| format!("\n{indent}{i},")).collect();
            if has_comma {
                let comma_end = end + after_ws + 1;
                let line_end = self.src[comma_end..]
                    .find('\n')
                    .map_or(self.src.len(), |i| comma_end + i);
                let tail = self.src[comma_end..line_end].trim();
                if tail.is_empty() || tail.starts_with("//") {
                    // Before a `\r\n` line end, not between its two bytes.
                    let line_end = if self.src[..line_end].ends_with('\r') {
                        line_end - 1
                    } else {
                        line_end
                    };
                    self.edits.push((line_end..line_end, joined));
                } else {
                    let inline: String = items.iter().map(|i| format!(" {i},")).collect();
                    self.edits.push((comma_end..comma_end, inline));
                }
            } else {
                self.edits
                    .push((end..end, format!(",{}", joined.trim_end_matches(','))));
            }
        } else {
            let joined: String = items.iter().map(|i| format!(", {i}")).collect();
            self.edits.push((end..end, joined));
        }
    }

    /// Inserts `items` before the element starting at `start`.
    fn insert_before(&mut self, start: usize, multi: bool, items: &[String]) {
        let line_start = self.src[..start].rfind('\n').map_or(0, |i| i + 1);
        let own_line = self.src[line_start..start].trim().is_empty();
        if multi && own_line {
            let indent = self.line_indent(start).to_owned();
            let joined: String = items.iter().map(|i| format!("{indent}{i},\n")).collect();
            self.edits.push((line_start..line_start, joined));
        } else {
            let joined: String = items.iter().map(|i| format!("{i}, ")).collect();
            self.edits.push((start..start, joined));
        }
    }

    /// The lines list item `item` occupies, with its separator and a comment after it,
    /// if it stands on lines of its own.
    fn own_lines(&self, item: &Node) -> Option<Range<usize>> {
        let src = self.src;
        let line_start = src[..item.span.start].rfind('\n').map_or(0, |i| i + 1);
        let mut end = item.span.end;
        let rest = &src[end..];
        let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if rest[ws..].starts_with(',') {
            end += ws + 1;
        }
        let line_end = src[end..].find('\n').map_or(src.len(), |i| end + i);
        let tail = src[end..line_end].trim();
        let alone = src[line_start..item.span.start].trim().is_empty()
            && (tail.is_empty() || tail.starts_with("//"));
        alone.then(|| line_start..(line_end + 1).min(src.len()))
    }

    /// Rewrites a whole list (its items could not be matched).
    fn replace_list(&mut self, new_items: &[Node], src: &Node) {
        let layout = Layout::new(self.new, None);
        let indent = self.indent_level(src.span.start);
        let parts: Vec<String> = new_items.iter().map(|n| layout.inline(n)).collect();
        let text = if self.multi_line(src) && !parts.is_empty() {
            let pad = INDENT.repeat(indent + 1);
            let body: String = parts.iter().map(|p| format!("{pad}{p},\n")).collect();
            format!("[\n{body}{}]", INDENT.repeat(indent))
        } else {
            format!("[{}]", parts.join(", "))
        };
        self.edits.push((src.span.clone(), text));
    }

    /// Replaces the text of `src` by `new` laid out at its place.
    fn replace(&mut self, new: &Node, src: &Node) {
        let mut layout = Layout::new(self.new, None);
        let line_start = self.src[..src.span.start].rfind('\n').map_or(0, |i| i + 1);
        let used = self.src[line_start..src.span.start].chars().count();
        let indent = self.indent_level(src.span.start);
        let text = if self.multi_line(src) {
            layout.block(new, None, indent)
        } else {
            layout.value(new, None, indent, used)
        };
        self.edits.push((src.span.clone(), text));
    }
}

/// The `id` of a list item (`(id: "x", …)` or `Door((id: "x", …))`), as written.
/// For each item of `new`, the index of the same id in `old` if it is one of the longest
/// sequence of ids both lists have in the same order (else `None`: a new or moved item).
fn kept_in_order(old: &[String], new: &[String]) -> Vec<Option<usize>> {
    // Longest common subsequence, by the usual table of suffix lengths (lists here are
    // tens of items).
    let (n, m) = (old.len(), new.len());
    let mut len = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if old[i] == new[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let mut matched = vec![None; m];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i] == new[j] {
            matched[j] = Some(i);
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    matched
}

fn item_id(node: &Node, text: &str) -> Option<String> {
    let node = wrapper(node, text).map_or(node, |(_, inner)| inner);
    match &node.kind {
        Kind::Group { fields, .. } => fields
            .iter()
            .find(|f| f.name == "id")
            .and_then(|f| text.get(f.value.span.clone()))
            .map(|t| unquote(t).to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
