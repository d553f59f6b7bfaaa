#!/usr/bin/env python3
"""Build the CJK font subsets shipped in assets/fonts/.

Two faces, each in Regular and Bold:
  - Noto Sans CJK SC (Simplified Chinese, mainland glyph forms): every GB 2312
    character; the default font and the one for zh-CN and English;
  - Noto Sans CJK HK (Traditional Chinese, Hong Kong glyph forms): the
    Big5 level-1 (common) hanzi and Big5 symbols, plus every character of the
    shipped strings in Traditional Chinese (tools/font/hant-chars.txt, written by
    the app's test `every_shipped_string_has_its_glyphs`); used when the
    interface is in Traditional Chinese (zh_hant).

Bevy's built-in font has no Chinese glyphs, so the app ships a subset of
Noto Sans CJK SC (Debian package ``fonts-noto-cjk``) that covers every GB 2312
character plus the Latin / punctuation / symbol ranges the UI uses.

Pipeline (per weight):
  1. open the "Noto Sans CJK SC" face of the Debian TTC (found by name, not by
     index, so a re-ordered collection still works);
  2. subset it with fontTools: only the code points below, no hinting, only
     the 'kern' layout feature, no vertical-layout tables;
  3. convert the CFF outlines to TrueType quadratic 'glyf' outlines (cu2qu),
     because TrueType is the format every Rust rasteriser handles best;
  4. add U+2717 BALLOT X, which Noto Sans CJK lacks, as a synthesised glyph
     sized and weighted like the font's own U+2713 CHECK MARK;
  5. save with a fixed timestamp so reruns produce identical bytes;
  6. write OFL.txt from the licence text shipped in the Debian package.

Requirements: Debian package fonts-noto-cjk, Python package fonttools.
Run tools/font/make_subset.sh (installs them) or this file directly:

    python3 tools/font/make_subset.py [--src-dir DIR] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

# Where Debian's fonts-noto-cjk installs the collections.
DEFAULT_SRC_DIR = "/usr/share/fonts/opentype/noto"
# Family name of the Simplified Chinese face inside the collections.
SC_FAMILY = "Noto Sans CJK SC"
# Family name of the Traditional Chinese (Hong Kong) face inside the collections.
HK_FAMILY = "Noto Sans CJK HK"
# Characters of the shipped strings in Traditional Chinese (one file, any layout;
# every non-space character counts), written by the app's glyph test.
HANT_CHARS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hant-chars.txt")

# (source collection, output file, half stroke width of the synthesised ✗).
# The half widths are half the perpendicular stroke width of the font's own
# ✓ (U+2713): about 75 units in Regular and 111 in Bold (1000 units/em).
WEIGHTS = [
    ("NotoSansCJK-Regular.ttc", "Regular", 37.5),
    ("NotoSansCJK-Bold.ttc", "Bold", 55.5),
]
# (family, output file name with {weight}).
FACES = [
    (SC_FAMILY, "NotoSansSC-{weight}-subset.ttf"),
    (HK_FAMILY, "NotoSansHK-{weight}-subset.ttf"),
]

# Maximum distance (font units, 1000/em) between a cubic CFF curve and its
# quadratic TrueType approximation; 1 unit is invisible at any UI size.
CU2QU_MAX_ERR = 1.0

# Fixed head.created/modified (seconds since 1904-01-01; this is 2022-01-27,
# the date of the Debian upstream release) so the output is reproducible.
FIXED_TIMESTAMP = 3726086400

# Ranges kept in full (only code points the source font actually maps are
# kept; the rest are silently skipped). Inclusive bounds.
EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x00FF),  # Latin-1 supplement (², ×, ·, «», é ...)
    (0x0100, 0x017F),  # Latin Extended-A (pinyin ā ē ī ō ū ...)
    (0x01CD, 0x01DC),  # Latin Extended-B pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    (0x02C6, 0x02DD),  # spacing modifiers (ˇ ˉ ˊ ˋ ˙)
    (0x2000, 0x206F),  # general punctuation (— ‘ ’ “ ” • … ‰ ※)
    (0x20A0, 0x20CF),  # currency (€)
    (0x2100, 0x214F),  # letterlike (℃ № ℉ ™)
    (0x2150, 0x218F),  # number forms (Ⅰ–Ⅻ, ⅰ–ⅹ)
    (0x2190, 0x21FF),  # arrows (← → ↑ ↓)
    (0x2200, 0x22FF),  # mathematical operators (≥ ≤ ≠ ≈ ∞)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①–⑳, ⑴, ⒈, Ⓐ)
    (0x2500, 0x257F),  # box drawing
    (0x2580, 0x259F),  # block elements
    (0x25A0, 0x25FF),  # geometric shapes (■ □ ▲ ▶ ◀ ○ ●)
    (0x2600, 0x26FF),  # miscellaneous symbols (★ ☆)
    (0x2700, 0x27BF),  # dingbats (✓; ✗ is synthesised, see above)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。《》【】)
    (0x3200, 0x32FF),  # enclosed CJK (㈠ ㊣)
    (0x3300, 0x33FF),  # CJK compatibility (㎡ ㎏ ㎞ ㏄)
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0xFFFD, 0xFFFD),  # replacement character
]

# Individual UI symbols that must be present (checked after building).
REQUIRED_SYMBOLS = (
    "≥≤²✓✗•→←▶◀×·…—“”‘’《》【】"
    + "".join(chr(c) for c in range(0x2460, 0x2474))  # ①–⑳
    + "m㎡"
)

BALLOT_X = 0x2717
CHECK_MARK = 0x2713
# Inset (font units) of the synthesised ✗ inside the ✓'s ink box.
BALLOT_X_INSET = 40


def gb2312_chars() -> tuple[list[str], list[str]]:
    """Every character of GB 2312, split into (hanzi, non-hanzi symbols).

    Decodes each double-byte code 0xA1A1..0xF7FE with Python's 'gb2312'
    codec; rows 0xA1-0xA9 hold symbols, 0xB0-0xF7 hold the 6,763 hanzi and
    the remaining rows are unassigned (the codec rejects them).
    """
    hanzi: list[str] = []
    symbols: list[str] = []
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                ch = bytes([row, cell]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            (hanzi if row >= 0xB0 else symbols).append(ch)
    return hanzi, symbols


def big5_level1_chars() -> tuple[list[str], list[str]]:
    """The Big5 level-1 (常用字, frequently used) hanzi and the Big5 symbols.

    Decodes each double-byte code with Python's 'big5' codec: rows 0xA1-0xA3
    hold symbols, 0xA440..0xC67E the 5,401 level-1 hanzi (trail bytes
    0x40-0x7E and 0xA1-0xFE; the codec rejects unassigned codes).
    """
    hanzi: list[str] = []
    symbols: list[str] = []
    for lead in range(0xA1, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                ch = bytes([lead, trail]).decode("big5")
            except UnicodeDecodeError:
                continue
            (hanzi if lead >= 0xA4 else symbols).append(ch)
    return hanzi, symbols


def hant_chars() -> set[int]:
    """The characters of the shipped strings in Traditional Chinese."""
    with open(HANT_CHARS, encoding="utf-8") as fh:
        return {ord(c) for c in fh.read() if not c.isspace()}


def common_codepoints() -> set[int]:
    cps: set[int] = set()
    for lo, hi in EXTRA_RANGES:
        cps.update(range(lo, hi + 1))
    cps.update(ord(c) for c in REQUIRED_SYMBOLS)
    return cps


def wanted_codepoints() -> set[int]:
    """The SC face: GB 2312 and the common ranges."""
    hanzi, symbols = gb2312_chars()
    return {ord(c) for c in hanzi + symbols} | common_codepoints()


def wanted_hk_codepoints() -> set[int]:
    """The HK face: Big5 level 1, the shipped Traditional text, the common ranges."""
    hanzi, symbols = big5_level1_chars()
    return {ord(c) for c in hanzi + symbols} | hant_chars() | common_codepoints()


def open_face(path: str, family: str) -> TTFont:
    """Open the face of a TTC whose family name is `family`."""
    collection = TTCollection(path, lazy=True)
    for index, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == family:
            return TTFont(path, fontNumber=index, recalcTimestamp=False)
    sys.exit(f"error: no '{family}' face in {path}")


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    opts = subset.Options()
    opts.layout_features = ["kern"]  # drop locl/vert/palt/...; the cmap is the face's region
    opts.hinting = False
    opts.desubroutinize = True  # plain charstrings convert cleanly to glyf
    opts.name_IDs = ["*"]  # keep copyright / licence / trademark records
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.recalc_timestamp = False
    opts.drop_tables += ["VORG", "BASE", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options=opts)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    # With only 'kern' kept, GSUB is left with no features: drop the husk.
    gsub = font.get("GSUB")
    if gsub is not None and not (
        gsub.table.FeatureList and gsub.table.FeatureList.FeatureRecord
    ):
        del font["GSUB"]


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF table by TrueType 'glyf'/'loca' (quadratic curves)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(None)
        # CFF outlines wind counter-clockwise, TrueType clockwise.
        pen = Cu2QuPen(tt_pen, CU2QU_MAX_ERR, reverse_direction=True)
        glyph_set[name].draw(pen)
        glyphs[name] = tt_pen.glyph()

    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]

    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")

    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1  # 1 = no twilight zone used (no instructions)

    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller file
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"

    # 'glyf' fonts carry a bounding box per glyph, and TrueType expects each
    # left side bearing to equal the glyph's xMin (rounding in the conversion
    # can move it by a unit).
    hmtx = font["hmtx"]
    for name in glyph_order:
        glyph = glyphs[name]
        glyph.recalcBounds(glyf)
        advance, _ = hmtx[name]
        hmtx[name] = (advance, glyph.xMin if glyph.numberOfContours else 0)


def ballot_x_glyph(font: TTFont, half_stroke: float):
    """A ✗ matching the font's ✓ (advance, height, stroke weight).

    Two straight bars along the diagonals of a box slightly inside the ✓'s
    ink box, with butt ends, drawn as one non-overlapping 12-point contour.
    """
    check = font.getBestCmap()[CHECK_MARK]
    advance, _ = font["hmtx"][check]
    glyf = font["glyf"]
    ref = glyf[check]
    ref.recalcBounds(glyf)
    # Box: the ✓'s ink box, pulled in by BALLOT_X_INSET on every side so the
    # ✗ looks as big as the ✓ (an X fills its box more than a tick does).
    left = max(ref.xMin, 0) + BALLOT_X_INSET
    right = min(ref.xMax, advance) - BALLOT_X_INSET
    bottom, top = ref.yMin + BALLOT_X_INSET, ref.yMax - BALLOT_X_INSET
    cx, cy = (left + right) / 2, (bottom + top) / 2
    hw, hh = (right - left) / 2, (top - bottom) / 2
    diag = math.hypot(hw, hh)
    s = half_stroke
    d1 = (hw / diag, hh / diag)  # up-right bar direction
    d2 = (hw / diag, -hh / diag)  # down-right bar direction
    n1 = (-d1[1], d1[0])  # left normal of d1
    n2 = (-d2[1], d2[0])  # left normal of d2
    # Arm length: the outer corners of the butt ends just touch the box.
    arm = min((hw - s * hh / diag) * diag / hw, (hh - s * hw / diag) * diag / hh)

    def along(t, d, o, n):
        return (cx + t * d[0] + o * n[0], cy + t * d[1] + o * n[1])

    def inner(o1, o2):
        # Point at offset o1 along n1 and o2 along n2 (Cramer's rule).
        det = n1[0] * n2[1] - n1[1] * n2[0]
        return (
            cx + (o1 * n2[1] - o2 * n1[1]) / det,
            cy + (n1[0] * o2 - n2[0] * o1) / det,
        )

    # Counter-clockwise walk around the union of the two bars.
    ccw = [
        inner(-s, s),  # right inner corner
        along(arm, d1, -s, n1),
        along(arm, d1, s, n1),  # upper-right arm end
        inner(s, s),  # top inner corner
        along(-arm, d2, s, n2),
        along(-arm, d2, -s, n2),  # upper-left arm end
        inner(s, -s),  # left inner corner
        along(-arm, d1, s, n1),
        along(-arm, d1, -s, n1),  # lower-left arm end
        inner(-s, -s),  # bottom inner corner
        along(arm, d2, -s, n2),
        along(arm, d2, s, n2),  # lower-right arm end
    ]
    points = [(round(x), round(y)) for x, y in reversed(ccw)]  # TrueType: clockwise
    pen = TTGlyphPen(None)
    pen.moveTo(points[0])
    for pt in points[1:]:
        pen.lineTo(pt)
    pen.closePath()
    glyph = pen.glyph()
    glyph.recalcBounds(glyf)
    return glyph, advance, glyph.xMin


def add_ballot_x(font: TTFont, half_stroke: float) -> None:
    cmap = font.getBestCmap()
    if BALLOT_X in cmap or CHECK_MARK not in cmap:
        return
    name = "uni2717"
    glyph, advance, lsb = ballot_x_glyph(font, half_stroke)
    order = font.getGlyphOrder() + [name]
    font.setGlyphOrder(order)
    font["glyf"].glyphOrder = order
    font["glyf"].glyphs[name] = glyph
    font["hmtx"].metrics[name] = (advance, lsb)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[BALLOT_X] = name
    font["maxp"].numGlyphs = len(order)


def build(src: str, family: str, dst: str, half_stroke: float, codepoints: set[int]) -> None:
    font = open_face(src, family)
    subset_font(font, codepoints)
    cff_to_glyf(font)
    add_ballot_x(font, half_stroke)
    head = font["head"]
    head.created = head.modified = FIXED_TIMESTAMP
    font.save(dst)
    font.close()
    # Re-open to make sure the result parses and every required symbol is in.
    check = TTFont(dst)
    missing = [c for c in REQUIRED_SYMBOLS if ord(c) not in check.getBestCmap()]
    if missing:
        sys.exit(f"error: {dst} lacks {missing}")
    print(f"{dst}: {os.path.getsize(dst):,} bytes, {len(check.getGlyphOrder())} glyphs")


DEBIAN_COPYRIGHT = "/usr/share/doc/fonts-noto-cjk/copyright"
# Copyright line of upstream noto-cjk's LICENSE file (the Debian copyright
# file only says "2010-2012, Google Corporation"; the fonts' own name table
# says "(c) 2014-2021 Adobe"). Upstream declares 'Source' as Reserved Font
# Name; the subsets are not called "Source ...", so they may keep "Noto".
OFL_HEADER = """\
Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.
Noto is a trademark of Google Inc.

This Font Software is licensed under the SIL Open Font License, Version 1.1.
This license is copied below (from the SIL-1.1 stanza of
/usr/share/doc/fonts-noto-cjk/copyright in Debian's fonts-noto-cjk
{version}, with Debian's leading space and "." blank-line
markers removed), and is also available with a FAQ at:
https://openfontlicense.org


"""


def write_ofl(dst: str) -> None:
    """Write OFL.txt from the licence text shipped in the Debian package."""
    with open(DEBIAN_COPYRIGHT, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    # The SIL-1.1 licence stanza (not the "License: SIL-1.1" field of the
    # Files: * paragraph, which has no indented text after it).
    start = next(
        i
        for i, line in enumerate(lines)
        if line == "License: SIL-1.1" and i + 1 < len(lines) and lines[i + 1].startswith(" ")
    )
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    while body and not body[-1]:
        body.pop()
    version = "?"
    try:
        version = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "fonts-noto-cjk"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    with open(dst, "w", encoding="utf-8") as fh:
        fh.write(OFL_HEADER.format(version=version) + "\n".join(body) + "\n")
    print(f"{dst}: licence text from {DEBIAN_COPYRIGHT}")


def main() -> None:
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src-dir", default=DEFAULT_SRC_DIR)
    ap.add_argument("--out-dir", default=os.path.join(repo_root, "assets", "fonts"))
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    codepoints = {SC_FAMILY: wanted_codepoints(), HK_FAMILY: wanted_hk_codepoints()}
    for family, pattern in FACES:
        for src_name, weight, half_stroke in WEIGHTS:
            build(
                os.path.join(args.src_dir, src_name),
                family,
                os.path.join(args.out_dir, pattern.format(weight=weight)),
                half_stroke,
                codepoints[family],
            )
    write_ofl(os.path.join(args.out_dir, "OFL.txt"))


if __name__ == "__main__":
    main()
