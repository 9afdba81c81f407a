"""Open answers in the report (themes, counts, representative quotes that are never
near-duplicates), and the PDF's page budget for a consultation the size of the demo."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from html import escape

import pytest

from analysis.report.build import build_report
from analysis.report.simulate import OPEN_ANSWERS, write_consultation
from analysis.themes.similar import NEAR_DUPLICATE, vectorise
from analysis.themes.text import normalise

PAGE_BUDGET = 16


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    write_consultation(folder, n_participants=150, n_proposals=24, votes_per_participant=16,
                       seed=7)
    out = tmp_path_factory.mktemp("report")
    return folder, build_report(folder, out, language="en", pdf=False)


def test_open_answers_have_themes_counts_and_distinct_quotes(report):
    folder, files = report
    given = [row["value"] for row in csv.DictReader((folder / "answers.csv").open())
             if row["step_id"] == "closing"]
    found = json.loads(files.findings.read_text("utf-8"))["open_answers"]
    (closing,) = found
    assert closing["step_id"] == "closing"
    assert closing["question"] == "Anything else you want to tell the council?"
    assert closing["answered"] == len(given) > 60
    themes = closing["themes"]
    assert 2 <= len(themes) <= 6
    assert sum(t["size"] for t in themes) <= len(given)
    page = files.html.read_text("utf-8")
    section = page[page.index('<section id="open_answers"'):]
    section = section[:section.index("</section>")]
    assert escape(closing["question"]) in section
    assert f"{len(given)} people answered this question." in section
    for theme in themes:
        assert 1 <= len(theme["quotes"]) <= 3
        assert all(quote in given for quote in theme["quotes"])
        # Each quote is a different answer: no two are the same answer written twice.
        keys = [normalise(q) for q in theme["quotes"]]
        assert len(set(keys)) == len(keys)
        vectors = vectorise(theme["quotes"])
        similarity = (vectors @ vectors.T).toarray()
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                assert similarity[i, j] < NEAR_DUPLICATE, (theme["quotes"][i],
                                                           theme["quotes"][j])
        for quote in theme["quotes"]:
            assert f"“{escape(quote)}”" in section
        assert f"{escape(theme['name'])}: {theme['size']} answers" in section
    # The planted themes come through: most answers about parking share a theme.
    parking = [a for a in given if a in OPEN_ANSWERS["parkeren"]]
    best = max(themes, key=lambda t: sum(q in OPEN_ANSWERS["parkeren"] for q in t["quotes"]))
    assert best["size"] >= 0.6 * len(parking)
    # Page one names the question and its number of answers.
    summary = page[page.index('<section id="summary"'):page.index("</section>")]
    assert f"{escape(closing['question'])} ({len(given)} answers)" in summary


def test_a_demo_sized_pdf_fits_the_page_budget(tmp_path):
    folder = tmp_path / "export"
    write_consultation(folder, n_participants=200, group_shares=(0.3, 0.3, 0.2, 0.2),
                       n_proposals=155, votes_per_participant=14, seed=11)
    files = build_report(folder, tmp_path / "report", language="nl")
    pdf = files.pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 8 <= pages <= PAGE_BUDGET
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    text = subprocess.run([pdftotext, "-layout", str(files.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout.split("\f")
    # Page one is the whole summary, and only the summary.
    assert "In het kort" in text[0] and "Wat mensen in eigen woorden schreven" in text[0]
    assert text[1].lstrip().startswith("Opiniegroepen")
    for number, page in enumerate(text[:-1], start=1):
        lines = [line.strip() for line in page.strip().splitlines() if line.strip()]
        # No heading ends a page: the last line is never a theme or question heading.
        assert not re.match(r"(Thema \d+|Vraag \d+):", lines[-1]), (number, lines[-1])
