"""The report as a document of plain blocks, rendered alike by `html` and `pdf`.

Section builders (`overview`, `findings`, `methodology`) append blocks to a `Context`, which
also collects every table (for tables/*.csv) and every privacy suppression (for the privacy
section), so nothing is written or counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from analysis.report import claims, i18n
from analysis.report.analyses import Analyses
from analysis.report.charts import SavedChart
from analysis.report.data import ReportData
from analysis.report.tables import SUPPRESSED, Cell, Table

_FIGURES = re.compile(r"[\d.,% /-]+")  # "71 / 13": figures, not words


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str
    minor: bool = False  # a heading within a subsection (a theme under its question)


@dataclass(frozen=True)
class Notice:
    """A remark set apart: something is missing, or suppressed for privacy."""

    text: str
    suppressed: bool = False


@dataclass(frozen=True)
class KeyFigures:
    items: list[tuple[str, str]]  # (label, value)


@dataclass(frozen=True)
class Chart:
    saved: SavedChart
    alt: str
    width: float = 1.0  # share of the text width it takes (a square map needs less)


@dataclass(frozen=True)
class TableView:
    """A table shown in the page: some of its columns, with headers in the report language."""

    table: Table
    columns: list[str]
    max_rows: int | None = None
    dense: bool = False  # a long reference table (the appendix): smaller type in the PDF


def is_figure(cell: Cell) -> bool:
    """Whether a table cell is a number (or empty, or suppressed): aligned right."""
    return (isinstance(cell, int | float) or cell in (None, "", SUPPRESSED)
            or bool(_FIGURES.fullmatch(str(cell))))


@dataclass(frozen=True)
class Proposals:
    """Quoted proposals, each with a line of evidence (e.g. "87% agree (120 votes)")."""

    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Bullets:
    """A short list of plain lines (e.g. the main themes, each with its number)."""

    items: list[str]


Block = Paragraph | Subheading | Notice | KeyFigures | Chart | TableView | Proposals | Bullets


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Context:
    data: ReportData
    analyses: Analyses
    language: str
    charts_dir: Path
    tables: list[Table] = field(default_factory=list)
    suppressed: list[str] = field(default_factory=list)

    def t(self, key: str, **values: object) -> str:
        return i18n.text(self.language, key, **values)

    @cached_property
    def figures(self) -> dict[int, claims.StatementFigures]:
        """Everyone's and each group's votes per statement: what every claim is made from."""
        return claims.statement_figures(self.analyses)

    def keep(self, table: Table) -> Table:
        """Register a table for tables/*.csv and return it."""
        self.tables.append(table)
        return table
