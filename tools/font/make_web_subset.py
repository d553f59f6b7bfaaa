#!/usr/bin/env python3
"""Cut the web build's fonts (assets/fonts/web/) from the shipped subsets.

The desktop app compiles in the full subsets of assets/fonts/ (all of GB 2312 for
SC; Big5 level 1 for HK), so any scene an author writes has its glyphs. A web visitor
downloads every byte, so the web build starts with fonts cut to the characters the
shipped strings use, and fetches the full subsets only when a scene needs them
(src/ui/web_fonts.rs):

  sc-regular.ttf, sc-bold.ttf  Simplified Chinese and English: the first view
  hk-regular.ttf, hk-bold.ttf  Traditional Chinese: fetched when a visitor picks 繁體
  names.ttf                    the HK face's glyphs of "繁體" alone, so the language
                               selector names it in its own script from the first view

The character lists are tools/font/web-chars-{sc,hk,names}.txt, written by the app's
test (VENUE_WRITE_WEB_CHARS=1 cargo test -p venue-guide --lib glyphs), which also
checks that these files cover them. Needs only fontTools (pip install fonttools).

    python3 tools/font/make_web_subset.py
"""

from __future__ import annotations

import os

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = {
    "sc": ("NotoSansSC-Regular-subset.ttf", "NotoSansSC-Bold-subset.ttf"),
    "hk": ("NotoSansHK-Regular-subset.ttf", "NotoSansHK-Bold-subset.ttf"),
}
# A fixed modification time (the shipped subsets' own), so reruns give identical bytes.
FIXED_TIMESTAMP = True


def chars(face: str) -> str:
    with open(os.path.join(ROOT, "tools", "font", f"web-chars-{face}.txt"), encoding="utf-8") as f:
        return f.read().rstrip("\n")


def cut(source: str, text: str, out: str) -> None:
    options = subset.Options()
    # Only kerning: the same layout features as the shipped subsets.
    options.layout_features = ["kern"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.recalc_timestamp = not FIXED_TIMESTAMP
    font = TTFont(os.path.join(ROOT, "assets", "fonts", source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    path = os.path.join(ROOT, "assets", "fonts", "web", out)
    font.save(path)
    print(f"{out}: {len(set(text))} characters, {os.path.getsize(path):,} bytes")


def main() -> None:
    os.makedirs(os.path.join(ROOT, "assets", "fonts", "web"), exist_ok=True)
    for face, (regular, bold) in SOURCES.items():
        text = chars(face)
        cut(regular, text, f"{face}-regular.ttf")
        cut(bold, text, f"{face}-bold.ttf")
    cut(SOURCES["hk"][0], chars("names"), "names.ttf")


if __name__ == "__main__":
    main()
