"""`python -m bot demo` end to end, with a handful of simulated citizens."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.demo import EXAMPLES, demo
from surveys.engine import Engine
from surveys.storage.address import is_postgres, shown
from surveys.surveyfile import parse_survey
from tests.bot.conftest import NEIGHBOURHOOD


def demo_arguments(
    tmp_path: Path, citizens: int, database: str | Path | None = None
) -> argparse.Namespace:
    """What `python -m bot demo --citizens N` parses to, writing into `tmp_path`."""
    return argparse.Namespace(citizens=citizens, db=database or tmp_path / "demo.db",
                              out=tmp_path / "out",
                              survey="zorg-bezuinigen", seed=3, delay=0.0, report_language="en")


async def test_demo_runs_the_real_bot_and_exports(
    tmp_path: Path, database: str | Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = demo_arguments(tmp_path, citizens=12, database=database)
    assert await demo(EXAMPLES / "zorg-bezuinigen.yaml", args) == 0
    printed = capsys.readouterr().out
    assert "participants (consented): 12" in printed
    assert f"Data: {shown(database) if is_postgres(database) else Path(database).resolve()}" \
        in printed
    report = args.out / "zorg-bezuinigen" / "report" / "index.html"
    assert f"Report: {report.resolve()}" in printed
    assert "Consensus" in report.read_text(encoding="utf-8")
    with open(args.out / "zorg-bezuinigen" / "export" / "participants.csv", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 12
    with open(args.out / "zorg-bezuinigen" / "export" / "votes.csv", newline="") as handle:
        assert len(list(csv.DictReader(handle))) > 12


def test_the_demo_needs_at_least_one_citizen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--citizens", "0", "--db", str(tmp_path / "demo.db"),
              "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert "argument --citizens: at least 1 citizen is needed, got 0" in capsys.readouterr().err


async def test_a_demo_without_votes_skips_the_report_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No citizens is the simplest run without votes; the command line refuses it (see above),
    # but a run where every citizen gets stuck ends the same way.
    args = demo_arguments(tmp_path, citizens=0)
    assert await demo(EXAMPLES / "zorg-bezuinigen.yaml", args) == 0
    printed = capsys.readouterr().out
    assert "No votes were cast, so there is no consensus report this time." in printed
    assert (args.out / "zorg-bezuinigen" / "export" / "votes.csv").exists()
    assert not (args.out / "zorg-bezuinigen" / "report").exists()


async def test_a_second_demo_on_postgresql_starts_afresh_but_never_empties_a_consultation(
    tmp_path: Path, postgres_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # (On SQLite the demo replaces its own file, as its --db help says.)
    database = postgres_database
    args = demo_arguments(tmp_path, citizens=0, database=database)
    for _ in range(2):  # the second run finds the first run's data and removes it
        assert await demo(EXAMPLES / "zorg-bezuinigen.yaml", args) == 0
        assert "participants (consented): 0" in capsys.readouterr().out
    async with await Engine.open(database, b"another-secret") as engine:
        await engine.load_survey(parse_survey(NEIGHBOURHOOD))  # a real consultation arrives
    assert await demo(EXAMPLES / "zorg-bezuinigen.yaml", args) == 2
    assert "holds other surveys (buurt)" in capsys.readouterr().err
    async with await Engine.open(database, b"another-secret") as engine:
        assert [info.id for info in await engine.list_surveys()] == ["buurt", "zorg-bezuinigen"]
