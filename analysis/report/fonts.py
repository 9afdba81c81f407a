"""Which fonts set the report's text, in the charts and in the PDF.

DejaVu Sans (shipped with matplotlib) covers Latin, Greek and Cyrillic. A consultation may be
written in Chinese, Japanese, Korean or Thai too; for those scripts the report uses an installed
font from `FALLBACK_FONTS`, glyph by glyph, so the text is drawn rather than shown as boxes or
left out. Nothing is bundled: these fonts are large, and every system has its own.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection
from matplotlib import font_manager

MAIN_FONT = "DejaVu Sans"
# Fonts for the scripts DejaVu Sans lacks, in order of preference, when installed (Debian:
# fonts-noto-cjk, fonts-wqy-microhei, fonts-thai-tlwg; macOS and Windows ship the others).
FALLBACK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",
    "PingFang SC", "Hiragino Sans", "Apple SD Gothic Neo", "Microsoft YaHei", "Yu Gothic",
    "Malgun Gothic", "Noto Sans Thai", "Loma", "Tahoma",
)


@dataclass(frozen=True)
class FontFile:
    """An installed font: its family name, its file, and its place in a collection (.ttc)."""

    family: str
    path: Path
    collection_index: int = 0


@functools.cache
def font_families() -> tuple[str, ...]:
    """DejaVu Sans, then each installed font of `FALLBACK_FONTS`.

    matplotlib lists system fonts once, in a cache that outlives later font installs; fonts
    it has not seen are added first, so installing a CJK font is enough (no cache to delete).
    """
    manager = font_manager.fontManager
    known_files = {font.fname for font in manager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known_files:
            with contextlib.suppress(Exception):  # a font file FreeType cannot read
                manager.addfont(path)
    installed = {font.name for font in manager.ttflist}
    return (MAIN_FONT, *(name for name in FALLBACK_FONTS if name in installed))


@functools.cache
def fallback_font_files() -> tuple[FontFile, ...]:
    """The files of the installed fallback fonts, for tools that embed fonts (the PDF)."""
    files = []
    for family in font_families()[1:]:
        with contextlib.suppress(Exception):  # unreadable or not really installed: skip it
            path = Path(font_manager.findfont(font_manager.FontProperties(family=family),
                                              fallback_to_default=False))
            files.append(FontFile(family, path, _collection_index(path, family)))
    return tuple(files)


def _collection_index(path: Path, family: str) -> int:
    """Where `family` sits in a font collection (one .ttc holds e.g. Noto Sans CJK SC, TC,
    JP and KR); 0 for a single font."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    names = [font["name"].getBestFamilyName() for font in TTCollection(str(path)).fonts]
    return names.index(family) if family in names else 0
