"""Reports of consultations with very few people, and the command line's messages when there
is nothing to report or the input is not there."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.__main__ import main as analysis_main
from analysis.report.build import NoVotesError, build_report
from analysis.report.simulate import write_consultation


def table(out: Path, name: str) -> list[dict[str, str]]:
    with (out / "tables" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.filterwarnings("error")  # RuntimeWarning or matplotlib's legend warning: failure
@pytest.mark.parametrize("participants", [1, 2, 4])
def test_a_handful_of_participants_gives_a_clean_report(tmp_path, participants):
    export, out = tmp_path / "export", tmp_path / "report"
    write_consultation(export, n_participants=participants, n_proposals=8,
                       votes_per_participant=5, seed=participants)
    files = build_report(export, out, language="en", pdf=False)
    page = files.html.read_text("utf-8")
    # Every group has fewer than 5 people: no map of anonymous grey dots, and the page says so.
    assert "No opinion group has 5 or more people yet, so there is no opinion map" in page
    assert not (out / "charts" / "opinion_map.png").exists()
    assert {row["stability_percent"] for row in table(out, "opinion_groups")} == {"suppressed"}
    if participants <= 2:  # nothing to resample: the methodology says so instead of a figure
        assert "Stability: not measured" in page
    headline = {row["metric"]: row["value"] for row in table(out, "headline")}
    assert headline["participants"] == str(participants)
    assert headline["proposals"] == "8"  # comment 0 too: no proposal is moderated out


def test_proposal_zero_is_counted_and_themed(tmp_path):
    """The report's statement filter is a flag per statement, not a list of moderated ids."""
    export, out = tmp_path / "export", tmp_path / "report"
    write_consultation(export, n_participants=30, n_proposals=12, votes_per_participant=8)
    build_report(export, out, language="en", pdf=False)
    headline = {row["metric"]: row["value"] for row in table(out, "headline")}
    assert headline["proposals"] == "12"
    themes = table(out, "themes")
    assert sum(int(row["proposals"]) for row in themes) == 12


def write_export_without_votes(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "comments.csv").write_text("comment-id,moderated,comment-body\n0,1,Meer bomen\n")
    (folder / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n")


def test_no_votes_is_a_clear_error_and_writes_nothing(tmp_path, capsys):
    export, out = tmp_path / "export", tmp_path / "report"
    write_export_without_votes(export)
    with pytest.raises(NoVotesError, match="no votes yet"):
        build_report(export, out)
    assert analysis_main(["report", "--polis", str(export), "--out", str(out), "--quiet"]) == 1
    assert capsys.readouterr().err == (f"cannot make the report: {export} has no votes yet, "
                                       "so there is nothing to report\n")
    assert not out.exists()


def test_missing_input_is_named_before_anything_runs(tmp_path, capsys):
    out = tmp_path / "report"
    missing = tmp_path / "polis" / "brexit-consensus"
    assert analysis_main(["report", "--polis", str(missing), "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"cannot make the report: {missing}: no such folder\n"
    a_file = tmp_path / "votes.csv"
    a_file.write_text("timestamp,datetime,comment-id,voter-id,vote\n")
    assert analysis_main(["report", "--polis", str(a_file), "--out", str(out)]) == 1
    assert f"{a_file}: not a folder" in capsys.readouterr().err
    no_db = tmp_path / "samen.db"
    assert analysis_main(["report", "--db", str(no_db), "--survey", "x", "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"cannot make the report: {no_db}: no such database\n"
    assert not out.exists()


def test_help_names_the_database_as_everywhere_else(capsys):
    with pytest.raises(SystemExit):
        analysis_main(["report", "--help"])
    shown = capsys.readouterr().out
    assert "--db samen.db --survey" in shown and "sqlite" not in shown.replace("SQLite", "")


def test_a_one_day_consultation_is_a_sentence_not_one_fat_bar(tmp_path):
    export, out = tmp_path / "export", tmp_path / "report"
    write_consultation(export, n_participants=30, n_proposals=10, votes_per_participant=8)
    # Everything on the first day: votes a second apart, everyone starting and ending that day.
    for name, columns in (("votes.csv", ("timestamp",)),
                          ("participants.csv", ("started_at", "completed_at")),
                          ("answers.csv", ("answered_at",))):
        rows = list(csv.DictReader((export / name).open(encoding="utf-8")))
        for number, row in enumerate(rows):
            for column in columns:
                if column == "timestamp":
                    row[column] = str(1_741_000_000 + number)
                elif row[column]:
                    row[column] = "2025-03-03T10:00:00Z"
        with (export / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    files = build_report(export, out, language="en", pdf=False)
    page = files.html.read_text("utf-8")
    assert not (out / "charts" / "participation.png").exists()
    assert "All participation fell on one day (2025-03-03): 30 new participants" in page
