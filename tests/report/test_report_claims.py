"""The one rule behind "nearly everyone agrees", and that the page, the PDF and findings.json
all follow it; findings.json's shape."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.report import claims
from analysis.report.build import build_report
from analysis.report.claims import GroupFigures, StatementFigures
from analysis.report.simulate import write_consultation

WEAK = "Het college moet elke maand een bewonersavond in het buurthuis houden."


def statement(*groups: tuple[int, int, int]) -> StatementFigures:
    """Figures from (agrees, disagrees, passes) per group; everyone = the groups together."""
    figures = tuple(GroupFigures(chr(ord("A") + g), *counts) for g, counts in enumerate(groups))
    return StatementFigures(1, sum(g.agrees for g in figures), sum(g.disagrees for g in figures),
                            sum(g.passes for g in figures), figures)


def test_64_percent_agree_30_disagree_is_not_nearly_everyone():
    # The headline used to list this one (most groups "support" it: more than half agree).
    figures = statement((32, 15, 3), (32, 15, 3))
    assert figures.share("agree") == pytest.approx(0.64)
    assert claims.agreement(figures) is None


def test_13_votes_with_one_group_not_convinced_is_not_nearly_everyone():
    figures = statement((6, 0, 0), (4, 0, 0), (1, 2, 0))  # 13 votes, 85% agree in all
    assert figures.votes == 13 and figures.share("agree") > 0.8
    assert claims.agreement(figures) == claims.MOST_GROUPS  # said with the figures, not more


def test_fewer_than_ten_votes_is_no_claim_however_unanimous():
    assert claims.agreement(statement((5, 0, 0), (4, 0, 0))) is None
    assert claims.agreement(statement((5, 0, 0), (5, 0, 0))) == claims.NEARLY_EVERYONE


def test_two_thirds_in_every_group_is_nearly_everyone():
    figures = statement((8, 2, 0), (7, 3, 0), (2, 1, 0))  # 80%, 70%, 67%
    assert claims.agreement(figures) == claims.NEARLY_EVERYONE
    assert figures.groups[2].few_votes  # 3 votes: the page says it rests on few
    # A group that did not vote on it cannot be said to agree.
    assert claims.agreement(statement((8, 2, 0), (9, 1, 0), (0, 0, 0))) == claims.MOST_GROUPS
    # Passes count as votes: 2 of 3 voters in group B agreed, 2 of 4 do not make two thirds.
    assert claims.agreement(statement((8, 1, 1), (2, 0, 2))) != claims.NEARLY_EVERYONE


def test_without_groups_everyone_is_one_group():
    lone = StatementFigures(1, 9, 3, 0, ())
    assert claims.agreement(lone) == claims.NEARLY_EVERYONE  # 75% of 12
    assert claims.agreement(StatementFigures(1, 7, 4, 1, ())) is None  # 58% of 12


def add_statement(folder: Path, text: str, vote_of) -> int:
    """A statement everyone voted on, `vote_of(participant)` each (+1, -1, 0); its id."""
    comments = list(csv.reader((folder / "comments.csv").open(encoding="utf-8")))
    new_id = max(int(row[2]) for row in comments[1:]) + 1
    votes = list(csv.reader((folder / "votes.csv").open(encoding="utf-8")))
    people = sorted({int(row[3]) for row in votes[1:]})
    moment = max(int(row[0]) for row in votes[1:]) + 1
    cast = {p: vote_of(p) for p in people}
    comments.append([moment, "", new_id, "", sum(v == 1 for v in cast.values()),
                     sum(v == -1 for v in cast.values()), 1, text])
    votes += [[moment + p, "", new_id, p, cast[p]] for p in people]
    for name, rows in (("comments.csv", comments), ("votes.csv", votes)):
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    wide = list(csv.reader((folder / "participants-votes.csv").open(encoding="utf-8")))
    wide[0].append(str(new_id))
    for row in wide[1:]:
        row.append(cast.get(int(row[0]), ""))
    with (folder / "participants-votes.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(wide)
    return new_id


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    write_consultation(folder, n_participants=120, n_proposals=20, votes_per_participant=14,
                       seed=5)
    # 64% agree, 30% disagree, 6% pass, in every group alike: a majority, not nearly everyone.
    weak = add_statement(folder, WEAK, lambda p: 1 if p % 50 < 32 else (-1 if p % 50 < 47
                                                                          else 0))
    out = tmp_path_factory.mktemp("report")
    files = build_report(folder, out, language="nl")
    return out, files, weak


def test_findings_json_has_exactly_the_promised_shape(report):
    out, files, _ = report
    assert files.findings == out / "findings.json"
    found = json.loads(files.findings.read_text("utf-8"))
    assert list(found) == ["participants", "groups", "consensus", "divisive", "themes",
                           "open_answers"]
    assert found["participants"] == 120
    assert [set(g) for g in found["groups"]] == [{"id", "size", "description"}] * 2
    assert sum(g["size"] for g in found["groups"]) <= 120
    assert all(g["description"].startswith(f"Groep {g['id']} ") for g in found["groups"])
    for key in ("consensus", "divisive"):
        for item in found[key]:
            assert set(item) == {"comment_id", "text", "votes", "agree_by_group"}
            assert set(item["agree_by_group"]) == {"A", "B"}
    assert found["divisive"], "the planted groups disagree on most statements"
    assert all(set(t) == {"name", "description", "size", "support"} for t in found["themes"])
    (closing,) = found["open_answers"]
    assert set(closing) == {"step_id", "question", "answered", "themes"}
    assert all(set(t) == {"name", "size", "quotes"} for t in closing["themes"])


def test_every_consensus_claim_meets_the_rule_everywhere(report):
    out, files, weak = report
    found = json.loads(files.findings.read_text("utf-8"))
    statements = {int(row["comment_id"]): row for row in
                  csv.DictReader((out / "tables" / "statements.csv").open(encoding="utf-8"))}
    assert found["consensus"], "the simulation plants statements every group agrees with"
    for item in found["consensus"]:
        assert item["votes"] >= claims.MIN_VOTES
        assert all(share >= 2 / 3 for share in item["agree_by_group"].values())
        row = statements[item["comment_id"]]
        assert row["claim"] == claims.NEARLY_EVERYONE
        for group in ("A", "B"):  # the same figure in the CSV, from the counts
            assert float(row[f"agree_percent_group_{group}"]) >= 100 * 2 / 3
    assert weak not in [item["comment_id"] for item in found["consensus"]]
    assert statements[weak]["claim"] == ""
    # The page's "nearly everyone" list holds the same statements, and not the weak one.
    page = files.html.read_text("utf-8")
    summary = page[page.index('<section id="summary"'):page.index("</section>")]
    nearly = summary[summary.index("Waar bijna iedereen"):summary.index("Waarover de groepen")]
    quoted = re.findall(r'<span class="quote">“(.*?)”</span>', nearly)
    assert quoted and len(quoted) <= claims.CLAIMS_SHOWN
    texts = {item["text"] for item in found["consensus"]}
    assert set(quoted) <= texts and WEAK not in quoted
    pdftotext = shutil.which("pdftotext")
    if pdftotext:  # the PDF's page one says the same
        first = subprocess.run([pdftotext, "-l", "1", "-layout", str(files.pdf), "-"],
                               capture_output=True, text=True, check=True).stdout
        assert "Waar bijna iedereen het over eens is" in first
        assert " ".join(WEAK.split()[:6]) not in " ".join(first.split())


def test_statement_shown_in_the_report_language(tmp_path):
    folder = tmp_path / "export"
    write_consultation(folder, n_participants=40, n_proposals=10, votes_per_participant=8,
                       languages=("en", "nl"), seed=2)
    first = next(csv.DictReader((folder / "comments.csv").open(encoding="utf-8")))
    survey = json.loads((folder / "survey.json").read_text("utf-8"))
    # The export keeps an organiser's statement in the survey's first language (here English).
    survey["statements"] = [{"id": "first", "text": {"en": first["comment-body"],
                                                     "nl": "Een Nederlandse stelling."}}]
    (folder / "survey.json").write_text(json.dumps(survey), "utf-8")
    for language, text in (("nl", "Een Nederlandse stelling."), ("en", first["comment-body"])):
        build_report(folder, tmp_path / language, language=language, pdf=False)
        rows = csv.DictReader((tmp_path / language / "tables" / "statements.csv").open())
        assert next(r["text"] for r in rows if r["comment_id"] == first["comment-id"]) == text
