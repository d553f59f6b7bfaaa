//! Where things are in the source text: the text of every file read ([`Sources`]),
//! byte offsets ↔ 1-based line:column positions, and [`locate`], which finds the span of
//! a value in a RON text by its model path (`zones[2].polygon`).
//!
//! This is the bottom layer of the core's text handling: loading ([`crate::load`]),
//! validation ([`crate::validate`]) and diagnostic rendering ([`crate::render`]) all use
//! it, and it uses none of them.
//!
//! Invariant: every function here is total on any text (offsets are clamped, never
//! panic), because spans come from hostile input as often as from good files.

pub mod locate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The text of every file read, by path (as given, not canonicalized, so messages show
/// the paths the user typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    files: BTreeMap<PathBuf, String>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the text of `path`.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.files.insert(path.into(), text.into());
    }

    pub fn get(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Files in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files.iter().map(|(p, t)| (p.as_path(), t.as_str()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: Sources) {
        self.files.extend(other.files);
    }

    /// `(line, column)` of byte `offset` in `path`, both 1-based, the column in
    /// characters; `None` if the file is unknown.
    pub fn line_col(&self, path: &Path, offset: usize) -> Option<(usize, usize)> {
        self.get(path).map(|text| line_col(text, offset))
    }
}

/// Byte offset of a 1-based `(line, column)` position, the column counted in characters
/// (as ron counts them). Positions past the end of a line or of the text are clamped.
pub fn byte_offset(text: &str, line: usize, col: usize) -> usize {
    let mut line_start = 0;
    if line > 1 {
        let mut seen = 1;
        let mut found = false;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    line_start = i + 1;
                    found = true;
                    break;
                }
            }
        }
        if !found {
            return text.len();
        }
    }
    let rest = text.get(line_start..).unwrap_or("");
    for (n, (i, ch)) in rest.char_indices().enumerate() {
        if n + 1 >= col || ch == '\n' {
            return line_start + i;
        }
    }
    text.len()
}

/// 1-based `(line, column)` of byte `offset`, the column in characters. Offsets inside
/// a character or past the end are clamped.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = 1 + before[line_start..].chars().count();
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_round_trip() {
        let text = "ab\n中文x\n\nlast";
        assert_eq!(byte_offset(text, 1, 1), 0);
        assert_eq!(byte_offset(text, 2, 3), 3 + 6);
        assert_eq!(line_col(text, 9), (2, 3));
        assert_eq!(byte_offset(text, 2, 99), 10);
        assert_eq!(byte_offset(text, 9, 1), text.len());
        assert_eq!(byte_offset(text, 4, 2), 13);
        assert_eq!(line_col(text, 13), (4, 2));
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 999), (4, 5));
    }
}
