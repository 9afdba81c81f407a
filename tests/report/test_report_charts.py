"""Charts and the PDF draw every script a consultation may be written in, not boxes."""

from __future__ import annotations

import os
import re
import warnings

import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager
from matplotlib.text import Text

from analysis.report import charts, fonts
from analysis.report.blocks import Proposals, Section, Subheading
from analysis.report.pdf import write_pdf

CHINESE_LABELS = ["計程車, uber, 司機", "交通部, 取締", "共享, 平台"]


def has_glyphs(family: str, text: str) -> bool:
    font = font_manager.get_font(font_manager.findfont(family, fallback_to_default=False))
    return all(font.get_char_index(ord(ch)) for ch in text if not ch.isspace())


def require_chinese_font() -> tuple[str, ...]:
    """The font families, when one of them draws Chinese; else skip (fail on CI)."""
    families = fonts.font_families()
    assert families[0] == "DejaVu Sans"
    text = "".join(CHINESE_LABELS).replace(",", "").replace("uber", "")
    if not any(has_glyphs(family, text) for family in families[1:]):
        if os.environ.get("CI"):
            pytest.fail("no CJK font on CI (.ci/run installs Debian's fonts-wqy-microhei)")
        pytest.skip(f"no font with Chinese glyphs installed among {fonts.FALLBACK_FONTS}")
    return families


def test_chinese_theme_labels_are_drawn_with_an_installed_fallback_font(tmp_path) -> None:
    families = require_chinese_font()
    figure = charts.theme_bars(CHINESE_LABELS, [34, 17, 22], [73.0, 67.0, None],
                               "Voorstellen per thema", "Steun (% eens)")
    saved = charts.save(figure, "themes", tmp_path)
    assert saved.png.stat().st_size > 1000
    labels = [t for t in figure.findobj(Text) if t.get_text() in CHINESE_LABELS]
    assert labels and all(t.get_fontfamily() == list(families) for t in labels)
    # The same labels drawn the way save() sets them: no glyph is missing from every font.
    probe = plt.figure()
    for row, label in enumerate(CHINESE_LABELS):
        probe.text(0.1, 0.2 + row / 5, label, family=list(families))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        probe.savefig(tmp_path / "probe.png")
    plt.close(probe)
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_chinese_proposals_in_the_pdf_are_set_in_an_embedded_fallback_font(tmp_path) -> None:
    require_chinese_font()
    sections = [Section("themes", "Thema's", [
        Subheading(f"Thema 1: {CHINESE_LABELS[0]}"),
        Proposals([("我覺得應該審核司機", "12 stemmen")]),
    ])]
    path = write_pdf(tmp_path / "report.pdf", "Rapport", "vTaiwan", sections, "nl")
    embedded = re.findall(rb"/BaseFont /[A-Z]+\+(\w+)", path.read_bytes())
    used = {font.family.replace(" ", "").encode() for font in fonts.fallback_font_files()}
    assert set(embedded) & used, embedded


def test_a_long_chart_title_is_wrapped_inside_the_figure() -> None:
    title = ("Welke onderdelen van de zorg mogen volgens u in geen geval worden getroffen door "
             "bezuinigingen, ook niet als dat betekent dat de premie omhoog gaat? Kies er "
             "hoogstens drie.")
    figure = charts.answer_bars(["Huisartsenzorg", "Wijkverpleging", "Jeugdzorg"], [31, 35, 36],
                                [16.0, 18.0, 19.0], title)
    figure.canvas.draw()
    (drawn,) = figure.texts  # the suptitle
    box, page = drawn.get_window_extent(), figure.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and box.y1 <= page.y1
    assert drawn.get_text().count("\n") >= 1
    plt.close(figure)
