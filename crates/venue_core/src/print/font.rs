//! A font cut down to the characters of one page, to embed in the report so that its
//! Chinese prints on a machine without CJK fonts (the report is one self-contained
//! file). The app's 2.3 MB subset becomes a few hundred kB for a whole report.
//!
//! Only what the report needs: TrueType outlines (`glyf`), glyph ids kept ("retain
//! gids": unused glyphs become empty, so `cmap`, `hmtx` and everything else stay
//! valid unchanged), composite glyphs keep their components, `loca` is rewritten in the
//! long format. Layout tables (`GPOS`, `GSUB`, kerning) are dropped: a report does not
//! need them. Hand-written because the maintained Rust subsetters either target PDF
//! embedding only (they drop `cmap`, which a browser needs) or wrap C++ (HarfBuzz),
//! which the web build cannot compile; this is a few table walks.
//!
//! Invariants: never panics on any input (every read is bounds-checked; a font it does
//! not understand gives `None`, and the caller falls back to system fonts); the output
//! has valid table checksums and `head.checkSumAdjustment`.

use crate::compact_sort::CompactSort;
use std::collections::{BTreeMap, BTreeSet};

/// Tables copied as they are. Everything else but `glyf`, `loca` and `head` is dropped.
const KEPT_TABLES: [&[u8; 4]; 7] = [
    b"OS/2", b"cmap", b"hhea", b"hmtx", b"maxp", b"name", b"post",
];

/// Composite glyph flags (OpenType `glyf` spec).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
/// Deepest nesting of composite glyphs followed (fonts nest one or two levels).
const MAX_COMPOSITE_DEPTH: usize = 8;
/// `head.checkSumAdjustment` makes the whole font sum to this.
const CHECKSUM_MAGIC: u32 = 0xB1B0_AFBA;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// The tables of a font: tag → bytes.
fn tables(font: &[u8]) -> Option<BTreeMap<[u8; 4], &[u8]>> {
    let count = usize::from(u16_at(font, 4)?);
    let mut out = BTreeMap::new();
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = u32_at(font, record + 8)? as usize;
        let length = u32_at(font, record + 12)? as usize;
        out.insert(tag, font.get(offset..offset.checked_add(length)?)?);
    }
    Some(out)
}

/// The glyph of `ch`, from a format 4 or 12 Unicode subtable of `cmap`.
fn glyph_of(cmap: &[u8], ch: char) -> Option<u16> {
    let code = u32::from(ch);
    let count = usize::from(u16_at(cmap, 2)?);
    let mut best: Option<u16> = None;
    for i in 0..count {
        let record = 4 + 8 * i;
        let platform = u16_at(cmap, record)?;
        let encoding = u16_at(cmap, record + 2)?;
        let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if !unicode {
            continue;
        }
        let sub = cmap.get(u32_at(cmap, record + 4)? as usize..)?;
        let found = match u16_at(sub, 0)? {
            4 => format4(sub, code),
            12 => format12(sub, code),
            _ => None,
        };
        if let Some(gid) = found.filter(|&g| g != 0) {
            best = Some(gid);
            break;
        }
    }
    best
}

fn format4(sub: &[u8], code: u32) -> Option<u16> {
    let code = u16::try_from(code).ok()?;
    let segments = usize::from(u16_at(sub, 6)? / 2);
    let ends = 14;
    let starts = ends + 2 * segments + 2;
    let deltas = starts + 2 * segments;
    let ranges = deltas + 2 * segments;
    for s in 0..segments {
        let end = u16_at(sub, ends + 2 * s)?;
        if code > end {
            continue;
        }
        let start = u16_at(sub, starts + 2 * s)?;
        if code < start {
            return None;
        }
        let delta = u16_at(sub, deltas + 2 * s)?;
        let range = u16_at(sub, ranges + 2 * s)?;
        if range == 0 {
            return Some(code.wrapping_add(delta));
        }
        let at = ranges + 2 * s + usize::from(range) + 2 * usize::from(code - start);
        let gid = u16_at(sub, at)?;
        return (gid != 0).then(|| gid.wrapping_add(delta));
    }
    None
}

fn format12(sub: &[u8], code: u32) -> Option<u16> {
    let groups = u32_at(sub, 12)? as usize;
    for g in 0..groups {
        let at = 16 + 12 * g;
        let (start, end, first) = (u32_at(sub, at)?, u32_at(sub, at + 4)?, u32_at(sub, at + 8)?);
        if (start..=end).contains(&code) {
            return u16::try_from(first + (code - start)).ok();
        }
    }
    None
}

/// Byte ranges of every glyph in `glyf`, from `loca`.
fn glyph_ranges(loca: &[u8], long: bool, glyphs: usize) -> Option<Vec<(usize, usize)>> {
    let offset = |i: usize| -> Option<usize> {
        if long {
            u32_at(loca, 4 * i).map(|o| o as usize)
        } else {
            u16_at(loca, 2 * i).map(|o| 2 * usize::from(o))
        }
    };
    (0..glyphs)
        .map(|i| Some((offset(i)?, offset(i + 1)?)))
        .collect()
}

/// The components of a composite glyph (none for a simple one).
fn components(glyph: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    if glyph.len() < 10 || (u16_at(glyph, 0).unwrap_or(0) as i16) >= 0 {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        out.push(gid);
        at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        at += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// `font` with outlines only for the characters of `text` (and glyph 0, the "missing"
/// box); `None` when the font is not a TrueType-outline font this can read.
pub fn subset_for_text(font: &[u8], text: &str) -> Option<Vec<u8>> {
    let tables = tables(font)?;
    let (head, maxp, loca, glyf, cmap) = (
        *tables.get(b"head")?,
        *tables.get(b"maxp")?,
        *tables.get(b"loca")?,
        *tables.get(b"glyf")?,
        *tables.get(b"cmap")?,
    );
    let glyphs = usize::from(u16_at(maxp, 4)?);
    let long = u16_at(head, 50)? == 1;
    let ranges = glyph_ranges(loca, long, glyphs)?;

    let chars: BTreeSet<char> = text.chars().collect();
    let mut wanted: BTreeSet<u16> = std::iter::once(0)
        .chain(chars.iter().filter_map(|&c| glyph_of(cmap, c)))
        .collect();
    let mut frontier: Vec<u16> = wanted.iter().copied().collect();
    for _ in 0..MAX_COMPOSITE_DEPTH {
        let mut next = Vec::new();
        for gid in frontier {
            let (start, end) = *ranges.get(usize::from(gid))?;
            for c in components(glyf.get(start..end)?) {
                if usize::from(c) < glyphs && wanted.insert(c) {
                    next.push(c);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (glyphs + 1));
    for (gid, &(start, end)) in ranges.iter().enumerate() {
        new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        if wanted.contains(&u16::try_from(gid).ok()?) && end > start {
            new_glyf.extend_from_slice(glyf.get(start..end)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
    let mut new_head = head.to_vec();
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"loca", new_loca),
    ];
    for tag in KEPT_TABLES {
        if let Some(data) = tables.get(tag) {
            out_tables.push((*tag, data.to_vec()));
        }
    }
    out_tables.sort_compact_by_key(|(tag, _)| *tag);
    Some(assemble(&out_tables))
}

/// A font file from its tables (sorted by tag), with checksums.
fn assemble(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let entry_selector = 15 - count.max(1).leading_zeros() as u16;
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&(count * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = CHECKSUM_MAGIC.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app_font() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/fonts/NotoSansSC-Regular-subset.ttf"
        );
        std::fs::read(path).expect("the app's font")
    }

    #[test]
    fn the_subset_keeps_the_page_characters_and_little_else() {
        let font = app_font();
        let text = "自查报告 Self-check 洗手池 ①";
        let small = subset_for_text(&font, text).expect("subset");
        assert!(small.len() * 10 < font.len(), "{} bytes", small.len());
        let t = tables(&small).expect("a font");
        let cmap = t[b"cmap"];
        let ranges = glyph_ranges(
            t[b"loca"],
            true,
            usize::from(u16_at(t[b"maxp"], 4).unwrap()),
        )
        .unwrap();
        for ch in text.chars().filter(|c| !c.is_whitespace()) {
            let gid = glyph_of(cmap, ch).unwrap_or_else(|| panic!("{ch} unmapped"));
            let (s, e) = ranges[usize::from(gid)];
            assert!(e > s, "{ch} has an outline");
        }
        let other = glyph_of(cmap, '餐').expect("mapped still");
        let (s, e) = ranges[usize::from(other)];
        assert_eq!(s, e, "a character not on the page has no outline");
        // The whole file sums to the magic number, every table to its checksum.
        assert_eq!(checksum(&small), CHECKSUM_MAGIC);
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        assert!(subset_for_text(b"", "a").is_none());
        assert!(subset_for_text(&[0u8; 64], "a").is_none());
        let font = app_font();
        for cut in [12, 100, 1000, font.len() / 2] {
            let _ = subset_for_text(&font[..cut], "自查");
        }
    }
}
