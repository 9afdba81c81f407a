"""The report's tables in the PDF, drawn row by row with few, cheap fpdf2 calls.

Why not `FPDF.table`: it lays out every cell with `multi_cell` (about 1.5 ms each, as every
character is checked against the fallback fonts), so the appendix of 200 statements × 7 columns
took seconds — the largest part of the PDF's cost. Here only text that may need another font
goes through fpdf2's text layout, once per line; numbers (digits, "/", "%" and the word for
"suppressed", all in DejaVu) are placed with `FPDF.text`, the raw PDF operator, right-aligned
with widths measured once per string. The look is `FPDF.table`'s with HORIZONTAL_LINES: a
grey bold header (repeated on every page), a rule under each row, content centred vertically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fpdf import FPDF

HEADER_FILL = (242, 242, 242)
BASELINE = 0.8  # of the font size: where fpdf2's cells put the baseline below a line's top


@dataclass(frozen=True)
class TableStyle:
    font: str
    size: float  # pt
    padding: float  # mm, on every side of a cell

    @property
    def line(self) -> float:
        """Line height in mm."""
        return self.size * 0.45


def draw_table(pdf: FPDF, headers: list[str], rows: list[list[str]], widths: list[float],
               numeric: list[bool], style: TableStyle) -> None:
    """Draw `rows` under `headers` from the current position; a row that does not fit starts
    a new page, which starts with the header again."""
    width_of = _width_cache(pdf, style)
    pdf.set_font(style.font, "B", style.size)
    header_lines = [_wrap(pdf, text, width - 2 * style.padding, width_of("B"))
                    for text, width in zip(headers, widths, strict=True)]
    _header(pdf, header_lines, widths, numeric, style, width_of("B"))
    pdf.set_font(style.font, "", style.size)
    for row in rows:
        lines = [[text] if number else _wrap(pdf, text, width - 2 * style.padding, width_of(""))
                 for text, width, number in zip(row, widths, numeric, strict=True)]
        height = max(len(cell) for cell in lines) * style.line + 2 * style.padding
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            _header(pdf, header_lines, widths, numeric, style, width_of("B"))
            pdf.set_font(style.font, "", style.size)
        _row(pdf, lines, widths, numeric, style, height, width_of(""), fill=False)


def _header(pdf: FPDF, lines: list[list[str]], widths: list[float], numeric: list[bool],
            style: TableStyle, width_of: Callable[[str], float]) -> None:
    height = max(len(cell) for cell in lines) * style.line + 2 * style.padding
    pdf.set_font(style.font, "B", style.size)
    _row(pdf, lines, widths, numeric, style, height, width_of, fill=True)


def _row(pdf: FPDF, lines: list[list[str]], widths: list[float], numeric: list[bool],
         style: TableStyle, height: float, width_of: Callable[[str], float],
         fill: bool) -> None:
    top, x = pdf.get_y(), pdf.l_margin
    if fill:
        pdf.set_fill_color(*HEADER_FILL)
        pdf.rect(x, top, sum(widths), height, style="F")
    for cell, width, number in zip(lines, widths, numeric, strict=True):
        first = top + (height - len(cell) * style.line) / 2  # centred, like FPDF.table
        for k, text in enumerate(cell):
            if not text:
                continue
            y = first + k * style.line
            if number or fill:  # figures and headers: DejaVu has every glyph they use
                left = (x + width - style.padding - width_of(text) if number
                        else x + style.padding)
                pdf.text(left, y + (style.line - pdf.font_size) / 2 + BASELINE * pdf.font_size,
                         text)
            else:  # citizens' text: fpdf2 picks a fallback font for glyphs DejaVu lacks
                margin = pdf.c_margin  # cell() indents its text by this much
                pdf.set_xy(x + style.padding - margin, y)
                pdf.cell(width - 2 * style.padding + 2 * margin, style.line, text, align="L")
        x += width
    pdf.line(pdf.l_margin, top + height, pdf.l_margin + sum(widths), top + height)
    pdf.set_xy(pdf.l_margin, top + height)


def _width_cache(pdf: FPDF, style: TableStyle) -> Callable[[str], Callable[[str], float]]:
    """Per emphasis, a memo of string widths (a table measures the same figures many times)."""
    memos: dict[str, dict[str, float]] = {}

    def for_emphasis(emphasis: str) -> Callable[[str], float]:
        memo = memos.setdefault(emphasis, {})

        def width(text: str) -> float:
            if text not in memo:
                font = (pdf.font_family, pdf.font_style, pdf.font_size_pt)
                pdf.set_font(style.font, emphasis, style.size)
                memo[text] = pdf.get_string_width(text)
                pdf.set_font(*font)
            return memo[text]

        return width

    return for_emphasis


def _wrap(pdf: FPDF, text: str, width: float, width_of: Callable[[str], float]) -> list[str]:
    """`text` broken into lines at most `width` wide: greedily at spaces, by measured words,
    when the current font has every glyph; otherwise (another script) by fpdf2's own line
    breaking, which knows the fallback fonts' widths."""
    font = pdf.current_font
    if any(ord(char) not in font.cmap for char in text if not char.isspace()):
        return pdf.multi_cell(width + 2 * pdf.c_margin, 1, text, dry_run=True,
                              output="LINES") or [""]
    lines: list[str] = []
    current, used = "", 0.0
    space = width_of(" ")
    for word in text.split():
        size = width_of(word)
        if current and used + space + size <= width:
            current, used = f"{current} {word}", used + space + size
            continue
        if current:
            lines.append(current)
        current, used = word, size
        while used > width and len(current) > 1:  # a word longer than the column: cut it
            cut = _longest_prefix(current, width, width_of)
            lines.append(current[:cut])
            current = current[cut:]
            used = width_of(current)
    lines.append(current)
    return lines


def _longest_prefix(word: str, width: float, width_of: Callable[[str], float]) -> int:
    cut = len(word) - 1
    while cut > 1 and width_of(word[:cut]) > width:
        cut -= 1
    return cut
