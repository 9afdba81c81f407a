"""The report page: one self-contained HTML file (no fonts, styles, scripts or images fetched).

Charts are embedded as SVG data URIs (vector, so they print sharply; text is drawn as paths so
no font is needed). Everything that comes from citizens or organisers — proposals, answers,
titles — goes through `html.escape`; the only markup is this module's own. `@page` and
break rules lay the page out on A4 when printed.
"""

from __future__ import annotations

import base64
from html import escape

from analysis.report import i18n
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
from analysis.report.tables import SUPPRESSED, format_cell

STYLE = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       color: #222; line-height: 1.45; margin: 0 auto; max-width: 58rem; padding: 1.5rem;
       font-size: 15px; background: #fff; }
header h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
header .subtitle { color: #555; margin: 0 0 1rem; }
h2 { font-size: 1.4rem; border-bottom: 3px solid #0072B2; padding-bottom: .2rem;
     margin-top: 2.2rem; break-after: avoid; }
h3 { font-size: 1.08rem; margin: 1.4rem 0 .4rem; break-after: avoid; }
h4 { font-size: .98rem; margin: 1rem 0 .3rem; break-after: avoid; }
ul.bullets { margin: .3rem 0 .8rem; padding-left: 1.2rem; }
ul.bullets li { margin: .15rem 0; }
nav ol { columns: 2; padding-left: 1.2rem; }
nav a, a { color: #0072B2; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: .6rem; margin: 1rem 0; }
.figure { border: 1px solid #ccc; border-radius: 6px; padding: .6rem .8rem; break-inside: avoid; }
.figure .value { font-size: 1.45rem; font-weight: bold; color: #0072B2; display: block; }
.figure .label { color: #555; font-size: .85rem; }
.nobreak { white-space: nowrap; }
img.chart { width: 100%; height: auto; display: block; margin: .6rem 0; break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .85rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .4rem; text-align: left;
         vertical-align: top; }
th { background: #f2f2f2; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
ul.proposals { list-style: none; padding: 0; margin: .4rem 0 1rem; }
ul.proposals li { border-left: 4px solid #0072B2; background: #f6f9fc; margin: .35rem 0;
                  padding: .35rem .7rem; break-inside: avoid; }
ul.proposals .quote { display: block; }
ul.proposals .evidence { display: block; color: #555; font-size: .85rem; }
.notice { background: #fff8e6; border-left: 4px solid #E69F00; padding: .4rem .7rem;
          margin: .6rem 0; break-inside: avoid; }
.notice.suppressed { background: #f2f2f2; border-left-color: #666; }
.suppressed-cell { color: #666; font-style: italic; }
footer { color: #666; font-size: .8rem; margin-top: 2.5rem; border-top: 1px solid #ccc; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  section.major { break-before: page; }
  nav { break-before: page; break-after: page; }
  a { color: inherit; text-decoration: none; }
}
"""


def render(title: str, subtitle: str, sections: list[Section], language: str) -> str:
    contents = "".join(f'<li><a href="#{escape(s.id)}">{escape(s.title)}</a></li>'
                       for s in sections)
    # Page one is the summary; the contents follow it, then the detail.
    first = _section(sections[0], language, major=False) if sections else ""
    body = "".join(_section(s, language, major=True) for s in sections[1:])
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1><p class=\"subtitle\">{escape(subtitle)}</p></header>\n"
        f"{first}<nav><h2>{escape(i18n.text(language, 'contents'))}</h2><ol>{contents}</ol></nav>\n"
        f"{body}\n<footer><p>{escape(subtitle)}</p></footer>\n</body>\n</html>\n"
    )


def _section(section: Section, language: str, major: bool) -> str:
    blocks = "\n".join(_block(block, language) for block in section.blocks)
    css = ' class="major"' if major else ""
    return (f'<section id="{escape(section.id)}"{css}>\n<h2>{escape(section.title)}</h2>\n'
            f"{blocks}\n</section>\n")


def _block(block: Block, language: str) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Subheading):
        tag = "h4" if block.minor else "h3"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
        return f'<ul class="bullets">{items}</ul>'

    if isinstance(block, Notice):
        css = "notice suppressed" if block.suppressed else "notice"
        return f'<p class="{css}">{escape(block.text)}</p>'
    if isinstance(block, KeyFigures):
        items = "".join(f'<div class="figure"><span class="value">{_unbroken(value)}</span>'
                        f'<span class="label">{escape(label)}</span></div>'
                        for label, value in block.items)
        return f'<div class="figures">{items}</div>'
    if isinstance(block, Chart):
        data = base64.b64encode(block.saved.svg.read_bytes()).decode("ascii")
        style = "" if block.width >= 1 else f' style="width: {round(100 * block.width)}%"'
        return (f'<img class="chart"{style} alt="{escape(block.alt)}" '
                f'src="data:image/svg+xml;base64,{data}">')
    if isinstance(block, TableView):
        return _table(block, language)
    if isinstance(block, Proposals):
        items = "".join(f'<li><span class="quote">“{escape(text.strip())}”</span>'
                        + (f'<span class="evidence">{escape(evidence)}</span>' if evidence
                           else "") + "</li>"
                        for text, evidence in block.items)
        return f'<ul class="proposals">{items}</ul>'
    raise TypeError(f"no HTML for {type(block).__name__}")


def _table(view: TableView, language: str) -> str:
    indexes = [view.table.columns.index(name) for name in view.columns]
    rows = view.table.rows if view.max_rows is None else view.table.rows[: view.max_rows]
    numeric = [all(is_figure(row[i]) for row in rows) for i in indexes]
    head = "".join(f'<th{" class=num" if numeric[k] else ""}>'
                   f"{escape(i18n.column(language, view.columns[k]))}</th>"
                   for k in range(len(indexes)))
    body = []
    for row in rows:
        cells = []
        for k, i in enumerate(indexes):
            cell = row[i]
            if cell == SUPPRESSED:
                css = "suppressed-cell num" if numeric[k] else "suppressed-cell"
                cells.append(f'<td class="{css}">'
                             f"{escape(i18n.text(language, 'suppressed'))}</td>")
            else:
                css = ' class="num"' if numeric[k] else ""
                text = format_cell(cell, decimal_comma=language == "nl")
                cells.append(f"<td{css}>{escape(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _unbroken(value: str) -> str:
    """A key figure breaks only at its spaces: "2014-06-18 – 2019-02-13" may go over two lines
    at the dash, never inside a date ("2019-" / "02-13")."""
    return " ".join(f'<span class="nobreak">{escape(word)}</span>' if "-" in word
                    else escape(word) for word in value.split(" "))
