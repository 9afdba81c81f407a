"""A Pol.is export whose comment ids are text ("c-7"): the report shows the file's own ids, in
the page, the PDF, the CSV tables and findings.json, never the reader's internal numbers."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.report.build import build_report
from analysis.report.simulate import write_consultation

POLIS_FILES = ("comments.csv", "votes.csv", "participants-votes.csv")


def label(comment_id: str) -> str:
    return f"c-{int(comment_id) + 1000}"  # no internal code can be mistaken for it


def polis_export_with_text_ids(samen_export: Path, folder: Path) -> None:
    """The simulated consultation's Pol.is files, with every comment id written as text."""
    folder.mkdir()
    for name in POLIS_FILES:
        with (samen_export / name).open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        if name == "participants-votes.csv":  # comment ids are the columns after the counts
            first = header.index("n-disagree") + 1
            rows[0] = header[:first] + [label(c) for c in header[first:]]
        else:
            column = header.index("comment-id")
            for row in rows[1:]:
                row[column] = label(row[column])
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("ids")
    write_consultation(root / "samen", n_participants=120, n_proposals=20,
                       votes_per_participant=14, languages=("nl",), seed=5)
    polis_export_with_text_ids(root / "samen", root / "polis")
    files = build_report(root / "polis", root / "out", language="nl")
    return root / "out", files


def read_table(out: Path, name: str) -> list[dict[str, str]]:
    with (out / "tables" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_tables_and_findings_carry_the_files_ids(report) -> None:
    out, _ = report
    statements = read_table(out, "statements")
    assert len(statements) == 20
    assert {row["comment_id"] for row in statements} == {f"c-{1000 + k}" for k in range(20)}
    for name in ("consensus", "divisive", "group_representative"):
        for row in read_table(out, name):
            assert re.fullmatch(r"c-10\d\d|suppressed", row["comment_id"]), (name, row)
    findings = json.loads((out / "findings.json").read_text("utf-8"))
    claimed = findings["consensus"] + findings["divisive"]
    assert claimed and all(re.fullmatch(r"c-10\d\d", c["comment_id"]) for c in claimed)


def test_the_page_and_the_pdf_show_the_files_ids(report) -> None:
    _, files = report
    page = files.html.read_text("utf-8")
    appendix = page[page.index('id="appendix"'):]
    for k in range(20):
        assert f">c-{1000 + k}<" in appendix, k
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(files.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for k in range(20):
        assert re.search(rf"\bc-{1000 + k}\b", text), k
