"""The report's tables: plain rows, written as CSV and shown in the page from the same values.

Numbers are rounded once, here (`percent`), so the CSV, the HTML and the PDF show the same
figures. A cell about a group of fewer than `MIN_GROUP_SIZE` people holds `SUPPRESSED` instead
of a number (privacy: such a breakdown could single people out).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

MIN_GROUP_SIZE = 5
SUPPRESSED = "suppressed"

Cell = int | float | str | None


@dataclass
class Table:
    """One CSV file: `name`.csv with machine-readable `columns` (English, stable)."""

    name: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    def column(self, name: str) -> list[Cell]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(self.columns)
            writer.writerows([["" if cell is None else cell for cell in row]
                              for row in self.rows])
        return path


def percent(part: float, whole: float) -> float:
    """part / whole in percent, one decimal; 0.0 when whole is 0."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def is_small(size: int) -> bool:
    """True when a breakdown for a group of `size` people must be suppressed."""
    return size < MIN_GROUP_SIZE


def format_cell(cell: Cell, decimal_comma: bool = False) -> str:
    """How a cell reads in the page: ints plain, floats with the decimals they were rounded to
    (at least one, at most three), so the page shows exactly the CSV's figure."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        text = f"{cell:.3f}".rstrip("0")
        text = text + "0" if text.endswith(".") else text
        return text.replace(".", ",") if decimal_comma else text
    return str(cell)
