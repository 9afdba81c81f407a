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
from fpdf import FPDF
from PIL import Image

from analysis.report import fonts, i18n
from analysis.report.blocks import (
    Block,
    Bullets,
    Chart,
    KeyFigures,
    Notice,
    Paragraph,
    Proposals,
    Section,
    Subheading,
    TableView,
    is_figure,
)
from analysis.report.pdf_table import TableStyle, draw_table
from analysis.report.tables import SUPPRESSED, format_cell

FONT = "DejaVu"
# A chart that nearly fits the rest of a page is drawn this much smaller rather than moved to
# the next page (which would leave the rest of this one empty).
SHRINK_CHART_TO = 0.8
TABLE_FONT = 7.5
DENSE_FONT = 6.5
KEEP_TOGETHER = 130.0  # mm: a subsection up to this tall is never split over two pages
TEXT_SIZE = 9.5
SUMMARY_SIZES = (9.0, 8.5, 8.0, 7.5)  # the summary's text size: the largest that fits page one
CELL_PADDING = 1.0
BLUE = (0, 114, 178)
GREY = (102, 102, 102)


def write_pdf(path: Path, title: str, subtitle: str, sections: list[Section],
              language: str) -> Path:
    """Page one is the title and the first section (the summary), in the largest text size at
    which it fits there; every later section starts on a new page only when it would otherwise
    leave its heading at the foot of one."""
    for size in SUMMARY_SIZES:
        # Page one is drawn at each size until it fits; the rest follows in the same document
        # (a new one per try would load every font again, seconds with the CJK fallbacks).
        pdf = _draw(_new_pdf(title), title, subtitle, sections[:1], language, size)
        if pdf.page == 1 or size == SUMMARY_SIZES[-1]:
            break
        _close_fonts(pdf)
    _draw_sections(pdf, sections, language, start=1)
    pdf.output(str(path))
    _close_fonts(pdf)
    return path


def _close_fonts(pdf: FPDF) -> None:
    """fontTools keeps each font file open until collected; close them now (an open file
    found later by the garbage collector is a ResourceWarning in someone else's code)."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


class ReportPDF(FPDF):
    """An A4 FPDF that remembers how tall each text it measured is: keeping headings with what
    follows measures the same paragraphs again for every heading above them."""

    def __init__(self) -> None:
        super().__init__(format="A4", unit="mm")
        self.text_heights: dict[tuple[str, str, float, float], float] = {}


def _new_pdf(title: str) -> ReportPDF:
    pdf = ReportPDF()
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=14)
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf.add_font(FONT, "", str(dejavu / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(dejavu / "DejaVuSans-Bold.ttf"))
    pdf.add_font(FONT, "I", str(dejavu / "DejaVuSans-Oblique.ttf"))
    _add_fallback_fonts(pdf)
    pdf.set_title(title)
    pdf.set_creator("Samen")
    return pdf


def _draw(pdf: FPDF, title: str, subtitle: str, sections: list[Section], language: str,
          summary_size: float) -> FPDF:
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4, subtitle, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(0)
    _draw_sections(pdf, sections, language, summary_size=summary_size)
    return pdf


def _draw_sections(pdf: FPDF, sections: list[Section], language: str, start: int = 0,
                   summary_size: float = TEXT_SIZE) -> None:
    for number, section in enumerate(sections[start:], start=start):
        if number == 1 or section.id == "appendix":
            pdf.add_page()  # the summary has page one to itself; the appendix starts afresh
        else:  # the title stays with what it opens on
            _keep_room(pdf, 12 + _heading_room(pdf, section.blocks, -1) - 9)
        pdf.ln(2 if pdf.get_y() > pdf.t_margin + 1 else 0)
        pdf.set_font(FONT, "B", 13)
        pdf.set_text_color(*BLUE)
        pdf.multi_cell(0, 6.5, section.title, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(0)
        pdf.ln(1)
        size = summary_size if number == 0 else TEXT_SIZE
        for index, block in enumerate(section.blocks):
            if isinstance(block, Subheading):
                _keep_room(pdf, _heading_room(pdf, section.blocks, index))
            _block(pdf, block, language, size)


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


def _text_height(pdf: FPDF, text: str, size: float, line: float, style: str = "") -> float:
    """How tall `text` is set across the text width (each text is measured once)."""
    key = (text, style, size, line)
    heights = pdf.text_heights if isinstance(pdf, ReportPDF) else {}
    if key not in heights:
        pdf.set_font(FONT, style, size)
        heights[key] = line * len(pdf.multi_cell(0, line, text, dry_run=True, output="LINES"))
    return heights[key]


def _opening(pdf: FPDF, blocks: list[Block]) -> float:
    """The height of the start of the next block: what must stay with a heading above it."""
    if not blocks:
        return 0.0
    block = blocks[0]
    if isinstance(block, Chart):
        return min(_chart_size(pdf, block)[1] * SHRINK_CHART_TO, pdf.eph * 0.6)
    if isinstance(block, Paragraph | Notice):
        return min(_text_height(pdf, block.text, 9.5, 4.6), 25.0)
    if isinstance(block, Proposals) and block.items:
        return _text_height(pdf, f"“{block.items[0][0].strip()}”", 9.5, 4.6) + 5
    if isinstance(block, TableView):
        return 18.0
    if isinstance(block, KeyFigures):
        return 26.0
    return 8.0


def _heading_room(pdf: FPDF, blocks: list[Block], index: int) -> float:
    """Room to keep for the heading at `index` (-1: the section's title) so it never ends a
    page: the start of what follows it, or all of its subsection when that is short (a chart
    and its table). A title followed by a subheading keeps the subheading's room too."""
    following = _subsection(blocks[index + 1:])
    if not following and index + 1 < len(blocks):  # a title right above a subheading
        return 9 + _heading_room(pdf, blocks, index + 1)
    whole = 9 + sum(_height(pdf, b) for b in following)
    return whole if whole <= KEEP_TOGETHER else 9 + _opening(pdf, following[:1])


def _subsection(blocks: list[Block]) -> list[Block]:
    """The blocks up to the next heading."""
    for k, block in enumerate(blocks):
        if isinstance(block, Subheading):
            return blocks[:k]
    return blocks


def _height(pdf: FPDF, block: Block) -> float:
    """About how tall a whole block is drawn (for keeping short subsections together)."""
    if isinstance(block, Chart):
        return _chart_size(pdf, block)[1] + 1.5
    if isinstance(block, Paragraph | Notice):
        return _text_height(pdf, block.text, 9.5, 4.6) + 1.2
    if isinstance(block, Proposals):
        return sum(_text_height(pdf, f"“{text.strip()}”", 9.5, 4.6) + (3.8 if evidence else 0) + 1.6
                   for text, evidence in block.items)
    if isinstance(block, TableView):
        return _table_height(block, len(block.table.rows)) + 2.5
    if isinstance(block, Bullets):
        return sum(_text_height(pdf, item, 9, 4.4) for item in block.items) + 1.2
    return 30.0


def _table_height(view: TableView, rows: int) -> float:
    """A header of up to two lines and `rows` rows of one line each."""
    font, padding = (DENSE_FONT, 0.6) if view.dense else (TABLE_FONT, CELL_PADDING)
    row = font * 0.45 + 2 * padding
    return row + font * 0.45 + rows * row


def _chart_size(pdf: FPDF, block: Chart) -> tuple[float, float]:
    with Image.open(block.saved.png) as image:
        width_px, height_px = image.size
    width = pdf.epw * block.width
    height = width * height_px / width_px
    if height > pdf.eph * 0.9:
        height = pdf.eph * 0.9
        width = height * width_px / height_px
    return width, height


def _block(pdf: FPDF, block: Block, language: str, size: float = 9.5) -> None:
    compact = size < TEXT_SIZE  # page one: the whole summary on one page
    line = round(size * 0.485, 2)
    if isinstance(block, Paragraph):
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(0, line, block.text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1.2)
    elif isinstance(block, Subheading):
        pdf.ln(1.5 if compact else 2)
        pdf.set_font(FONT, "B", 9.5 if block.minor else 10.5)
        pdf.multi_cell(0, 5.2, block.text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(0.6)
    elif isinstance(block, Notice):
        pdf.set_font(FONT, "I", size - 0.5)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, line, block.text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(0)
        pdf.ln(1.2)
    elif isinstance(block, Bullets):
        for item in block.items:
            pdf.set_font(FONT, "", size - 1 if compact else size - 0.5)
            pdf.set_x(pdf.l_margin + 3)
            pdf.multi_cell(pdf.epw - 3, line - 0.2, f"• {item}", new_x="LMARGIN",
                           new_y="NEXT", align="L")
        pdf.ln(1.2)
    elif isinstance(block, KeyFigures):
        _key_figures(pdf, block)
    elif isinstance(block, Chart):
        width, height = _chart_size(pdf, block)
        room = pdf.page_break_trigger - pdf.get_y()
        if height > room and room >= height * SHRINK_CHART_TO:
            width, height = width * room / height, room  # a little smaller, not a new page
        _keep_room(pdf, height)
        pdf.image(str(block.saved.png), w=width, h=height)
        pdf.ln(1.5)
    elif isinstance(block, Proposals):
        for text, evidence in block.items:
            needed = _text_height(pdf, f"“{text.strip()}”", size, line) + (4.2 if evidence else 0)
            _keep_room(pdf, needed)
            pdf.set_font(FONT, "", size)
            pdf.multi_cell(0, line, f"“{text.strip()}”", new_x="LMARGIN", new_y="NEXT", align="L")
            if evidence:
                pdf.set_font(FONT, "", min(7.8, size - 1))
                pdf.set_text_color(*GREY)
                pdf.multi_cell(0, line - 0.6 if compact else 3.8, evidence, new_x="LMARGIN",
                               new_y="NEXT", align="L")
                pdf.set_text_color(0)
            pdf.ln(1.2 if compact else 1.6)
    elif isinstance(block, TableView):
        _table(pdf, block, language)
    else:
        raise TypeError(f"no PDF for {type(block).__name__}")


def _key_figures(pdf: FPDF, block: KeyFigures) -> None:
    columns = 3
    width = pdf.epw / columns
    for start in range(0, len(block.items), columns):
        _keep_room(pdf, 12)
        y = pdf.get_y()
        for k, (label, value) in enumerate(block.items[start:start + columns]):
            pdf.set_xy(pdf.l_margin + k * width, y)
            pdf.set_font(FONT, "B", 12)
            pdf.set_text_color(*BLUE)
            pdf.cell(width - 2, 6, value)
            pdf.set_xy(pdf.l_margin + k * width, y + 6)
            pdf.set_font(FONT, "", 8)
            pdf.set_text_color(*GREY)
            pdf.cell(width - 2, 4, label)
        pdf.set_text_color(0)
        pdf.set_xy(pdf.l_margin, y + 11)
    pdf.ln(1.5)


def _table(pdf: FPDF, view: TableView, language: str) -> None:
    """Left-aligned text, right-aligned numbers; every column at least as wide as its header's
    longest word and its widest number, so no header is split inside a word; text columns
    share the rest."""
    indexes = [view.table.columns.index(name) for name in view.columns]
    rows = view.table.rows if view.max_rows is None else view.table.rows[: view.max_rows]
    suppressed = i18n.text(language, "suppressed")
    headers = [i18n.column(language, name) for name in view.columns]
    cells = [[suppressed if row[i] == SUPPRESSED
              else format_cell(row[i], decimal_comma=language == "nl") for i in indexes]
             for row in rows]
    numeric = [all(is_figure(row[i]) for row in rows) for i in indexes]
    font, padding = (DENSE_FONT, 0.6) if view.dense else (TABLE_FONT, CELL_PADDING)
    widths = []
    for k, header in enumerate(headers):
        pdf.set_font(FONT, "B", font)
        widest = max((pdf.get_string_width(word) for word in header.split()), default=0.0)
        if numeric[k]:
            pdf.set_font(FONT, "", font)
            widest = max([widest, *(pdf.get_string_width(row[k]) for row in cells)])
        widths.append(widest + 2 * padding + 0.6)
    free = pdf.epw - sum(w for w, number in zip(widths, numeric, strict=True) if number)
    text_columns = [k for k in range(len(headers)) if not numeric[k]]
    if text_columns:  # text columns share what the numbers leave, in proportion to their need
        need = sum(max(widths[k], 20.0) for k in text_columns)
        for k in text_columns:
            widths[k] = max(widths[k], free * max(widths[k], 20.0) / need)
        widths[text_columns[-1]] += pdf.epw - sum(widths)
    # A short table stays on one page; a long one starts with its header and a few rows.
    _keep_room(pdf, _table_height(view, len(cells) if len(cells) <= 15 else 3))
    draw_table(pdf, headers, cells, widths, numeric, TableStyle(FONT, font, padding))
    pdf.ln(2.5)
