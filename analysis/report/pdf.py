"""The report as an A4 PDF, from the same blocks as the page, with fpdf2.

Why fpdf2: the PDF must be made without a browser. The candidates were
* WeasyPrint — the best HTML/CSS renderer, but it needs the system Pango library (not on a
  fresh machine from `pip install` alone);
* xhtml2pdf — HTML to PDF via ReportLab, with a large dependency tree (ReportLab, svglib,
  pyHanko, python-bidi …) and only a CSS 2 subset, so the page's layout would not carry over;
* matplotlib's PdfPages — no new dependency, but text would have to be wrapped and paginated
  by hand on figure canvases;
* fpdf2 — pure Python, actively kept, needs only Pillow and fontTools (already installed for
  matplotlib) and defusedxml; it flows text, breaks pages, draws tables and embeds the PNG
  charts. Unicode comes from the DejaVu fonts that matplotlib ships, with the installed
  fonts of `fonts.FALLBACK_FONTS` for the scripts DejaVu lacks (Chinese, Thai, ...).
So the PDF is laid out here, block by block, rather than converted from HTML.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from fpdf import FPDF, FontFace
from PIL import Image

from analysis.report import fonts, i18n
from analysis.report.blocks import (
    Block,
    Chart,
    KeyFigures,
    Notice,
    Paragraph,
    Proposals,
    Section,
    Subheading,
    TableView,
)
from analysis.report.tables import SUPPRESSED, format_cell

FONT = "DejaVu"
BLUE = (0, 114, 178)
GREY = (102, 102, 102)


def write_pdf(path: Path, title: str, subtitle: str, sections: list[Section],
              language: str) -> Path:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=16)
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf.add_font(FONT, "", str(dejavu / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(dejavu / "DejaVuSans-Bold.ttf"))
    pdf.add_font(FONT, "I", str(dejavu / "DejaVuSans-Oblique.ttf"))
    _add_fallback_fonts(pdf)
    pdf.set_title(title)
    pdf.set_creator("Samen")
    pdf.add_page()
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 5, subtitle, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(0)
    for number, section in enumerate(sections):
        if number > 0:
            pdf.add_page()
        pdf.ln(4)
        pdf.set_font(FONT, "B", 14)
        pdf.set_text_color(*BLUE)
        pdf.multi_cell(0, 7, section.title, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(0)
        pdf.ln(1)
        for block in section.blocks:
            _block(pdf, block, language)
    pdf.output(str(path))
    return path


def _add_fallback_fonts(pdf: FPDF) -> None:
    """Glyphs DejaVu lacks come from the installed fallback fonts; they seldom have a bold or
    italic, so their regular face serves every emphasis (exact_match=False)."""
    names = []
    for number, font in enumerate(fonts.fallback_font_files()):
        name = f"fallback{number}"
        try:
            pdf.add_font(name, "", str(font.path), collection_font_number=font.collection_index)
        except Exception:  # a font fpdf2 cannot embed is skipped, not fatal
            continue
        names.append(name)
    if names:
        pdf.set_fallback_fonts(names, exact_match=False)


def _keep_room(pdf: FPDF, height: float) -> None:
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _block(pdf: FPDF, block: Block, language: str) -> None:
    if isinstance(block, Paragraph):
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, block.text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1.5)
    elif isinstance(block, Subheading):
        _keep_room(pdf, 60)  # a heading never ends a page alone: keep room for a chart
        pdf.ln(2)
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, block.text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1)
    elif isinstance(block, Notice):
        pdf.set_font(FONT, "I", 9.5)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 5, block.text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(0)
        pdf.ln(1.5)
    elif isinstance(block, KeyFigures):
        _key_figures(pdf, block)
    elif isinstance(block, Chart):
        with Image.open(block.saved.png) as image:
            width_px, height_px = image.size
        width = pdf.epw
        height = width * height_px / width_px
        if height > pdf.eph * 0.9:
            height = pdf.eph * 0.9
            width = height * width_px / height_px
        _keep_room(pdf, height)
        pdf.image(str(block.saved.png), w=width, h=height)
        pdf.ln(2)
    elif isinstance(block, Proposals):
        for text, evidence in block.items:
            _keep_room(pdf, 12)
            pdf.set_font(FONT, "", 10)
            pdf.multi_cell(0, 5, f"“{text}”", new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_font(FONT, "", 8.5)
            pdf.set_text_color(*GREY)
            pdf.multi_cell(0, 4.5, evidence, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_text_color(0)
            pdf.ln(1.5)
    elif isinstance(block, TableView):
        _table(pdf, block, language)
    else:
        raise TypeError(f"no PDF for {type(block).__name__}")


def _key_figures(pdf: FPDF, block: KeyFigures) -> None:
    columns = 3
    width = pdf.epw / columns
    for start in range(0, len(block.items), columns):
        _keep_room(pdf, 16)
        y = pdf.get_y()
        for k, (label, value) in enumerate(block.items[start:start + columns]):
            pdf.set_xy(pdf.l_margin + k * width, y)
            pdf.set_font(FONT, "B", 13)
            pdf.set_text_color(*BLUE)
            pdf.cell(width - 2, 7, value)
            pdf.set_xy(pdf.l_margin + k * width, y + 7)
            pdf.set_font(FONT, "", 8.5)
            pdf.set_text_color(*GREY)
            pdf.cell(width - 2, 5, label)
        pdf.set_text_color(0)
        pdf.set_xy(pdf.l_margin, y + 14)
    pdf.ln(2)


def _table(pdf: FPDF, view: TableView, language: str) -> None:
    indexes = [view.table.columns.index(name) for name in view.columns]
    rows = view.table.rows if view.max_rows is None else view.table.rows[: view.max_rows]
    # Text columns (proposals, labels) get the room; number columns stay narrow.
    wide = [name in ("text", "label", "theme_label") for name in view.columns]
    widths = [4.0 if is_wide else 1.0 for is_wide in wide]
    suppressed = i18n.text(language, "suppressed")
    pdf.set_font(FONT, "", 8)
    _keep_room(pdf, 20)
    with pdf.table(col_widths=widths, line_height=4.2,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(242, 242, 242)),
                   borders_layout="HORIZONTAL_LINES") as table:
        header = table.row()
        for name in view.columns:
            header.cell(i18n.column(language, name))
        for row in rows:
            cells = table.row()
            for i in indexes:
                cell = row[i]
                cells.cell(suppressed if cell == SUPPRESSED
                           else format_cell(cell, decimal_comma=language == "nl"))
    pdf.ln(3)
