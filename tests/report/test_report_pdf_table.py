"""The PDF's tables (drawn row by row, analysis.report.pdf_table): a long table keeps every row,
repeats its header on each page, wraps text inside its column and sets other scripts in a
fallback font."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.report import fonts
from analysis.report.blocks import Section, TableView
from analysis.report.pdf import write_pdf
from analysis.report.tables import Table
from tests.report.test_report_charts import require_chinese_font

LONG_WORD = "Fietsenstallingsuitbreidingsvoorstel" * 6


def appendix_like(rows: int) -> Section:
    table = Table("statements", ["comment_id", "text", "votes", "agree_percent"])
    for k in range(rows):
        text = f"Stelling nummer {k} over fietsen en bomen in de wijk"
        table.rows.append([k, LONG_WORD if k == 7 else text, 100 + k, 50.5])
    table.rows.append([rows, "我覺得應該審核司機", 12, 75.0])
    return Section("appendix", "Bijlage", [TableView(table, table.columns, dense=True)])


def pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")


def test_a_long_table_keeps_every_row_and_repeats_its_header(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "r.pdf", "Rapport", "test",
                     [Section("summary", "Samenvatting"), appendix_like(300)], "nl")
    pages = [page for page in pdf_pages(path)[1:] if page.strip()]
    assert len(pages) >= 3
    for page in pages:  # every page of the table starts with its header
        assert "Stelling" in page and "Stemmen" in page
    text = "\n".join(pages)
    for k in range(300):
        if k != 7:
            assert re.search(rf"\b{k}\s+Stelling nummer {k} over", text), k
    # a word wider than the column is cut inside it (over lines), not drawn over the figures
    pieces = [line.split()[-1] for line in text.splitlines()
              if "Fietsen" in line or "dingsvoorstel" in line]
    assert len(pieces) >= 2 and "".join(pieces) == LONG_WORD, pieces
    assert re.search(r"^\s*7\s+107\s+50,5$", text, re.MULTILINE)


def test_a_table_row_in_another_script_is_set_in_a_fallback_font(tmp_path: Path) -> None:
    require_chinese_font()
    path = write_pdf(tmp_path / "r.pdf", "Rapport", "test",
                     [Section("summary", "Samenvatting"), appendix_like(3)], "nl")
    embedded = re.findall(rb"/BaseFont /[A-Z]+\+(\w+)", path.read_bytes())
    used = {font.family.replace(" ", "").encode() for font in fonts.fallback_font_files()}
    assert set(embedded) & used, embedded
