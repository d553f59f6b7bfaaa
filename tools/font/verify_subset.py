#!/usr/bin/env python3
"""Check the font subsets in assets/fonts/ (run after make_subset.py).

Prints, per file: size, outline format, glyph count, coverage of its
character set (SC: GB 2312 hanzi and symbols; HK: Big5 level-1 hanzi, Big5
symbols and tools/font/hant-chars.txt), coverage of the UI symbol list, and
whether sample words have non-empty outlines. Exits non-zero if anything is
missing.

    python3 tools/font/verify_subset.py [FONT ...]
"""

from __future__ import annotations

import glob
import os
import sys

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

sys.dont_write_bytecode = True  # keep tools/font/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_subset import (  # noqa: E402
    HK_FAMILY,
    REQUIRED_SYMBOLS,
    SC_FAMILY,
    big5_level1_chars,
    gb2312_chars,
    hant_chars,
)

# Words from the venue UI whose glyphs must have real outlines.
SAMPLE_WORDS = {
    SC_FAMILY: ["食品安全", "洗手池", "展位", "出口", "面积㎡", "≥ 2.5 m²"],
    HK_FAMILY: ["食品安全", "洗手池", "消毒櫃", "廚房裏", "面積㎡", "≥ 2.5 m²", "繁體"],
}
# Ranges the brief requires in full (every code point the source maps).
REQUIRED_BLOCKS = {
    "ASCII 20-7E": (0x20, 0x7E),
    "Latin-1 A0-FF": (0xA0, 0xFF),
    "CJK punct 3000-303F": (0x3000, 0x303F),
    "full-width FF00-FFEF": (0xFF00, 0xFFEF),
}
SOURCE_TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def source_cmap() -> dict[int, str] | None:
    """cmap of the Noto Sans CJK source faces (all faces map the same code points)."""
    if not os.path.exists(SOURCE_TTC):
        return None
    from fontTools.ttLib import TTCollection

    for face in TTCollection(SOURCE_TTC, lazy=True).fonts:
        if face["name"].getDebugName(1) == SC_FAMILY:
            return face.getBestCmap()
    return None


def outline_ok(font: TTFont, ch: str) -> bool:
    name = font.getBestCmap().get(ord(ch))
    if name is None:
        return False
    if ch.isspace():
        return True
    glyph_set = font.getGlyphSet()
    rec = RecordingPen()
    glyph_set[name].draw(rec)
    bounds = BoundsPen(glyph_set)
    glyph_set[name].draw(bounds)
    drawn = sum(1 for op, _ in rec.value if op in ("lineTo", "qCurveTo", "curveTo"))
    return drawn > 0 and bounds.bounds is not None


def check(path: str, src_cmap: dict[int, str] | None) -> bool:
    ok = True
    font = TTFont(path)
    cmap = font.getBestCmap()
    fmt = "TrueType (glyf)" if "glyf" in font else "OpenType (CFF)" if "CFF " in font else "?"
    print(f"== {os.path.basename(path)}")
    print(f"   size      {os.path.getsize(path):,} bytes")
    print(f"   format    {fmt}, sfnt {font.sfntVersion!r}, {len(font.getGlyphOrder())} glyphs, {len(cmap)} code points")
    print(f"   family    {font['name'].getDebugName(1)} / {font['name'].getDebugName(2)}, weight {font['OS/2'].usWeightClass}")
    print(f"   tables    {' '.join(sorted(t for t in font.keys() if t != 'GlyphOrder'))}")
    family = font["name"].getDebugName(1)
    if family == HK_FAMILY:
        hanzi, symbols = big5_level1_chars()
        # Four Big5 symbols (‾ ˍ ≒ ∼ as Python's codec maps them) are not in the source.
        symbols = [c for c in symbols if src_cmap is None or ord(c) in src_cmap]
        shipped = [chr(c) for c in sorted(hant_chars())]
        sets = (("Big5-1 hanzi", hanzi), ("Big5 symbols", symbols), ("shipped 繁體", shipped))
    else:
        hanzi, symbols = gb2312_chars()
        sets = (("GB2312 hanzi", hanzi), ("GB2312 symbols", symbols))
    for label, chars in sets:
        missing = [c for c in chars if ord(c) not in cmap]
        print(f"   {label:<14} {len(chars) - len(missing)}/{len(chars)}" + (f" MISSING {missing[:20]}" if missing else ""))
        ok &= not missing
    missing = [c for c in REQUIRED_SYMBOLS if ord(c) not in cmap]
    print(f"   UI symbols     {len(REQUIRED_SYMBOLS) - len(missing)}/{len(REQUIRED_SYMBOLS)}" + (f" MISSING {missing}" if missing else ""))
    ok &= not missing
    for label, (lo, hi) in REQUIRED_BLOCKS.items():
        cps = [c for c in range(lo, hi + 1) if src_cmap is None or c in src_cmap]
        missing = [hex(c) for c in cps if c not in cmap]
        print(f"   {label:<22} {len(cps) - len(missing)}/{len(cps)} of the source's" + (f" MISSING {missing}" if missing else ""))
        ok &= not missing
    for word in SAMPLE_WORDS.get(family, SAMPLE_WORDS[SC_FAMILY]):
        bad = [c for c in word if not outline_ok(font, c)]
        print(f"   outlines {word!r}: " + ("ok" if not bad else f"EMPTY/MISSING {bad}"))
        ok &= not bad
    return ok


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    default = sorted(glob.glob(os.path.join(here, "..", "..", "assets", "fonts", "*.tt[fc]")))
    paths = sys.argv[1:] or default
    if not paths:
        sys.exit("no fonts found")
    src_cmap = source_cmap()
    results = [check(p, src_cmap) for p in paths]
    print("ALL OK" if all(results) else "FAILURES")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
