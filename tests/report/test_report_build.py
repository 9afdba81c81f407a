"""The consensus report, end to end: from export folders the tests write to index.html, PDF,
charts and tables; numbers, privacy suppression, self-containedness and a real browser render."""

from __future__ import annotations

import asyncio
import csv
import os
import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from analysis.__main__ import main as analysis_main
from analysis.report.build import build_report
from analysis.report.simulate import write_consultation
from analysis.report.tables import format_cell

SECTIONS = ("summary", "groups", "consensus", "themes", "open_answers", "questions",
            "participation", "methodology", "privacy", "appendix")
INJECTED = "Meer <script>alert('x')</script> bomen & <b>minder</b> auto's in de wijk"


def read_table(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / "tables" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def shown(value: str, language: str) -> str:
    """A CSV cell as the page shows it (decimal comma in Dutch)."""
    if re.fullmatch(r"-?\d+\.\d+", value):
        return format_cell(float(value), decimal_comma=language == "nl")
    return value


@pytest.fixture(scope="module")
def consultation(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    truth = write_consultation(folder, n_participants=150, n_proposals=24,
                               votes_per_participant=16, languages=("nl", "en"),
                               small_language="de", seed=3)
    # A proposal with markup in it: the page must show it as text, never run it.
    path = folder / "comments.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][-1] = INJECTED
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    out = tmp_path_factory.mktemp("report")
    files = build_report(folder, out, language="nl")
    return folder, out, files, truth


def test_every_section_chart_and_table_is_written(consultation):
    _, out, files, _ = consultation
    page = files.html.read_text("utf-8")
    for section in SECTIONS:
        assert f'<section id="{section}"' in page
    for chart in ("participation", "question_transport", "question_satisfaction",
                  "question_priorities", "themes", "opinion_map", "consensus", "divisive"):
        for suffix in ("png", "svg"):
            assert (out / "charts" / f"{chart}.{suffix}").stat().st_size > 1000, chart
    assert page.count('src="data:image/svg+xml;base64,') == len(list(
        (out / "charts").glob("*.svg")))
    assert files.pdf is not None and files.pdf.read_bytes()[:5] == b"%PDF-"
    assert {p.stem for p in files.tables} >= {"headline", "participation_by_day", "themes",
                                              "opinion_groups", "consensus", "divisive",
                                              "statements", "open_answer_themes"}


def test_numbers_in_the_page_match_the_tables(consultation):
    folder, out, files, _ = consultation
    page = files.html.read_text("utf-8")
    headline = {row["metric"]: row["value"] for row in read_table(out, "headline")}
    assert headline["participants"] == "150"
    with (folder / "votes.csv").open() as handle:
        assert int(headline["vote_events"]) == sum(1 for _ in handle) - 1
    for key in ("participants", "proposals", "votes"):
        assert f'<span class="value">{headline[key]}</span>' in page
    # The question's own words head its table (the chart is an image: not searchable).
    assert "<h3>Vraag 1: Hoe reist u meestal door Queetz?</h3>" in page
    transport = read_table(out, "question_transport")
    assert sum(int(row["count"]) for row in transport) == 150  # one answer each
    for row in transport:
        cells = f'<td>{row["label"]}</td><td class="num">{row["count"]}</td>' \
                f'<td class="num">{shown(row["percent"], "nl")}</td>'
        assert cells in page
    # The appendix shows every statement as statements.csv has it, in whole percentages.
    statements = read_table(out, "statements")
    assert len(statements) == 24
    for row in statements:
        votes = int(row["votes"])
        agree = round(100 * int(row["agrees"]) / votes)
        disagree = round(100 * int(row["disagrees"]) / votes)
        assert (f'<td class="num">{row["comment_id"]}</td><td>{escape(row["text"])}</td>'
                f'<td class="num">{votes}</td><td class="num">{agree} / {disagree}</td>'
                in page), row["comment_id"]
    for row in read_table(out, "themes"):
        if row["theme"]:  # the "other" row has no heading of its own
            assert f"{row['proposals']} voorstellen, steun" in page


def test_planted_structure_comes_through(consultation):
    _, out, _, truth = consultation
    groups = read_table(out, "opinion_groups")
    planted = np.bincount(list(truth.group_of.values()))
    assert sorted(int(row["participants"]) for row in groups) == sorted(planted.tolist())
    # What everyone agrees on is what the simulation planted as consensus.
    top = [int(row["comment_id"]) for row in read_table(out, "consensus")][:3]
    assert set(top) <= set(truth.consensus_ids)
    divisive = [int(row["comment_id"]) for row in read_table(out, "divisive")]
    assert set(divisive) <= set(truth.divisive_ids)
    assert len(read_table(out, "themes")) >= 2


def test_privacy_small_groups_suppressed_and_no_pseudonyms(consultation):
    folder, out, files, _ = consultation
    page = files.html.read_text("utf-8")
    languages = {row["language"]: row["participants"]
                 for row in read_table(out, "participants_by_language")}
    assert languages["de"] == "suppressed" and int(languages["nl"]) >= 5
    assert '<td class="suppressed-cell num">weggelaten</td>' in page
    pseudonyms = [row["pseudonym"] for row in csv.DictReader((folder / "participants.csv")
                                                             .open())]
    everything = [p for p in out.rglob("*") if p.suffix in (".html", ".csv", ".svg")]
    for path in everything:
        text = path.read_text("utf-8")
        assert not any(pseudonym in text for pseudonym in pseudonyms[:20]), path


def test_citizen_text_is_escaped(consultation):
    _, _, files, _ = consultation
    page = files.html.read_text("utf-8")
    assert "<script>" not in page and "<b>minder</b>" not in page
    assert "&lt;script&gt;" in page


def test_page_is_self_contained(consultation):
    _, _, files, _ = consultation
    assert_self_contained(files.html.read_text("utf-8"))


def assert_self_contained(page: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "@page" in page and "break-inside: avoid" in page


def write_polis_export(folder: Path) -> None:
    """A Pol.is open-data export: 16 people in one camp, 4 in the other, 12 comments."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    texts = [f"Stelling {c}: " + ("we should build more housing near the station"
                                  if c % 2 else "parking in the centre should be free")
             for c in range(12)]
    votes, latest = [], {}
    moment = 1_500_000_000_000  # Pol.is writes milliseconds
    for person in range(20):
        for c in range(12):
            side = 1 if c < 3 else (1 if c % 2 == 0 else -1) * (1 if person < 16 else -1)
            vote = side if rng.random() < 0.9 else -side
            moment += 3_600_000
            votes.append([moment, "Mon Jul 17 2017", c, person, vote])
            latest[(person, c)] = vote
    with (folder / "votes.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        writer.writerows(votes)
    with (folder / "comments.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "author-id", "agrees",
                         "disagrees", "moderated", "comment-body"])
        for c, text in enumerate(texts):
            column = [latest[(p, c)] for p in range(20)]
            writer.writerow([1_500_000_000_000, "", c, 0, column.count(1), column.count(-1), 1,
                             text])
    with (folder / "participants-votes.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", "group-id", "n-comments", "n-votes", "n-agree",
                         "n-disagree", *map(str, range(12))])
        for p in range(20):
            row = [latest[(p, c)] for c in range(12)]
            writer.writerow([p, 0 if p < 16 else 1, 0, 12, row.count(1), row.count(-1), *row])
    (folder / "summary.csv").write_text("topic,Housing or parking?\nurl,https://pol.is/x\n"
                                        "voters,20\n", encoding="utf-8")


def test_polis_export_with_a_group_below_five(tmp_path):
    export, out = tmp_path / "polis", tmp_path / "report"
    write_polis_export(export)
    status = analysis_main(["report", "--polis", str(export), "--out", str(out), "--lang", "en",
                            "--quiet", "--no-pdf"])
    assert status == 0
    page = (out / "index.html").read_text("utf-8")
    assert "Housing or parking?" in page
    for section in SECTIONS:
        assert f'<section id="{section}"' in page
    assert "A Pol.is export has no closed questions" in page
    assert not list((out / "charts").glob("question_*"))
    groups = {row["group"]: row for row in read_table(out, "opinion_groups")}
    assert groups["B"]["participants"] == "4" and groups["B"]["stability_percent"] == "suppressed"
    assert "Group B has fewer than 5 people" in page
    # Group B's breakdown is nowhere: no chart of its own, no numbers in any table.
    assert not (out / "charts" / "group_B_top.png").exists()
    representative = read_table(out, "group_representative")
    assert [row["comment_id"] for row in representative if row["group"] == "B"] == ["suppressed"]
    for row in read_table(out, "consensus"):
        assert row["agree_percent_group_B"] == "suppressed"
        assert row["agree_percent_group_A"] != "suppressed"
    assert "Suppressed in this report: Group B" in page
    participation = read_table(out, "participation_by_day")
    assert sum(int(row["votes"]) for row in participation) == 240
    assert_self_contained(page)


def test_page_renders_in_headless_chromium(consultation, tmp_path):
    _, _, files, _ = consultation
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed on CI (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed")
    screenshot = tmp_path / "page.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={screenshot}", "--window-size=1200,3000",
         files.html.resolve().as_uri()],
        check=True, capture_output=True, timeout=120)
    with Image.open(screenshot) as image:
        assert image.size == (1200, 3000)
        pixels = np.asarray(image.convert("RGB"))
    colours = np.unique(pixels.reshape(-1, 3), axis=0)
    assert len(colours) > 200  # text, charts and tiles, not a blank or error page
    not_white = np.mean(np.any(pixels < 235, axis=2))
    assert 0.03 < not_white < 0.8
    blue = np.all(np.abs(pixels.astype(int) - (0, 114, 178)) < 30, axis=2)
    assert blue.sum() > 2000  # the charts' bars were drawn, not only text


async def test_db_source_exports_through_surveys(tmp_path, capsys):
    """--db goes through surveys.export; a survey nobody voted on gives a clear message."""
    from surveys.engine import Engine
    from surveys.surveyfile import load_survey

    database = tmp_path / "samen.db"
    examples = Path(__file__).resolve().parents[2] / "surveys" / "examples"
    survey = load_survey(sorted(examples.glob("*.yaml"))[0])
    async with await Engine.open(database, b"test-secret") as engine:
        await engine.load_survey(survey)
    from analysis.report.cli import export_from_database

    await export_from_database(database, survey.id, tmp_path / "export")
    assert (tmp_path / "export" / "survey.json").exists()
    status = await asyncio.to_thread(analysis_main, [
        "report", "--db", str(database), "--survey", survey.id, "--out", str(tmp_path / "r"),
        "--quiet"])
    assert status == 1
    # Named as the user gave it, not as the temporary export folder it went through.
    assert capsys.readouterr().err == (f"cannot make the report: survey {survey.id!r} in "
                                       f"{database} has no votes yet, so there is nothing to "
                                       "report\n")
    status = await asyncio.to_thread(analysis_main, [
        "report", "--db", str(database), "--survey", "nope", "--out", str(tmp_path / "r"),
        "--quiet"])
    assert status == 1
    assert capsys.readouterr().err == (f"cannot make the report: no survey 'nope' in {database}; "
                                       f"see: python -m surveys --db {database} list\n")
    assert not (tmp_path / "r").exists()
