"""`python -m surveys copy`: a SQLite consultation moved into PostgreSQL, checked, repeatable."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from surveys.__main__ import main
from surveys.engine import Engine
from surveys.storage.transfer import CopyRefused, copy_database
from tests.backends import fetch_rows
from tests.surveys.conftest import SECRET, Clock, make_survey


async def _consultation(database: str | Path) -> None:
    """Every kind of row: answers, a skip, proposals (one rejected, one drafted), votes and a
    re-vote, a report, and a participant who deleted themselves."""
    survey = make_survey()
    async with await Engine.open(database, SECRET, rng=random.Random(2), clock=Clock()) as e:
        await e.load_survey(survey)
        await e.open_survey(survey.id)
        for user in (1, 2, 3, 4):
            await e.consent(user, survey.id, language="nl" if user % 2 else "en")
            await e.proceed(user, survey.id, "welcome")
            await e.answer(user, survey.id, "car", "yes" if user % 2 else "no")
            if user % 2:
                await e.answer(user, survey.id, "car_use", "werk; 'quotes' \"en\" ✓")
            await e.answer(user, survey.id, "topics", ["parks", "roads"])
            await e.skip(user, survey.id, "trust")
            await e.submit_proposal(user, survey.id, "ideas", f"Proposal number {user} here")
            if user != 4:  # user 4 leaves a draft behind
                await e.confirm_proposal(user, survey.id)
                await e.proceed(user, survey.id, "ideas")
        for user in (1, 2, 3):
            view = await e.view(user, survey.id)
            while view.vote_item is not None:
                view = (await e.vote(user, survey.id, view.vote_item.proposal_id,
                                     "agree" if user % 2 else "disagree")).view
        await e.vote(1, survey.id, 1, "pass")  # changed their mind: history keeps both
        await e.report_proposal(2, survey.id, 3, "rude")
        await e.reject_proposal(3, 999, reason="rude")
        await e.delete_me(4)


async def _export(database: str | Path, folder: Path) -> dict[str, bytes]:
    async with await Engine.open(database, SECRET) as engine:
        await engine.export("town", folder)
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


async def test_a_copy_exports_exactly_as_the_original_and_a_second_copy_changes_nothing(
    tmp_path: Path, postgres_database: str
) -> None:
    source = tmp_path / "samen.db"
    await _consultation(source)
    copies = await copy_database(source, postgres_database)
    assert {c.table: c.added for c in copies}["votes"] > 0
    assert all(c.added == c.rows for c in copies)
    assert await _export(postgres_database, tmp_path / "pg") == await _export(
        source, tmp_path / "sqlite")

    again = await copy_database(source, postgres_database)
    assert [c.added for c in again] == [0] * len(again)
    assert [c.rows for c in again] == [c.rows for c in copies]

    # New rows continue after the copied ids (the sequences were moved past them).
    async with await Engine.open(postgres_database, SECRET) as engine:
        await engine.consent(50, "town")
    [(newest,)] = await fetch_rows(postgres_database, "SELECT MAX(id) FROM participants")
    [(copied,)] = await fetch_rows(source, "SELECT MAX(id) FROM participants")
    assert newest == copied + 1


async def test_a_target_with_other_data_is_refused_and_left_as_it_was(
    tmp_path: Path, postgres_database: str
) -> None:
    source = tmp_path / "samen.db"
    await _consultation(source)
    async with await Engine.open(postgres_database, b"other-secret") as engine:
        await engine.load_survey(make_survey("elsewhere"))
        await engine.open_survey("elsewhere")
        await engine.consent(77, "elsewhere")
    before = await fetch_rows(postgres_database, "SELECT id, pseudonym FROM participants")
    with pytest.raises(CopyRefused, match="the target holds other data"):
        await copy_database(source, postgres_database)
    assert await fetch_rows(postgres_database, "SELECT id, pseudonym FROM participants") == before
    assert await fetch_rows(postgres_database, "SELECT id FROM surveys") == [("elsewhere",)]


def test_the_command_line_copy_reports_and_refuses_in_one_line(
    tmp_path: Path, postgres_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "samen.db"
    asyncio.run(_consultation(source))
    assert main(["copy", "--from", str(source), "--to", postgres_database]) == 0
    output = capsys.readouterr().out
    assert "answers: " in output and "every table's rows checked" in output
    assert main(["copy", "--from", f"sqlite:///{source}", "--to", postgres_database]) == 0
    assert "nothing to copy (checked)" in capsys.readouterr().out

    assert main(["copy", "--from", str(tmp_path / "missing.db"), "--to",
                 postgres_database]) == 2
    assert capsys.readouterr().err == f"not copied: {tmp_path / 'missing.db'}: no such database\n"
    assert main(["copy", "--from", postgres_database, "--to", str(source)]) == 2
    assert "from a SQLite file (--from) to a postgresql:// URL (--to)" in capsys.readouterr().err
