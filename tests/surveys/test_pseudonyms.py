"""Participants are stored under a keyed pseudonym; the Telegram id never reaches the disk."""

from __future__ import annotations

import struct
from pathlib import Path

from surveys.engine import Engine
from surveys.model import Survey
from surveys.pseudonym import pseudonym
from tests.backends import everything_stored

TELEGRAM_ID = 7_493_018_265


def test_pseudonym_is_stable_and_depends_on_the_secret() -> None:
    assert pseudonym(TELEGRAM_ID, b"a") == pseudonym(TELEGRAM_ID, b"a")
    assert pseudonym(TELEGRAM_ID, b"a") != pseudonym(TELEGRAM_ID, b"b")
    assert pseudonym(TELEGRAM_ID, b"a") != pseudonym(TELEGRAM_ID + 1, b"a")
    assert str(TELEGRAM_ID) not in pseudonym(TELEGRAM_ID, b"a")
    assert len(pseudonym(TELEGRAM_ID, b"a")) == 64


async def test_raw_telegram_id_is_nowhere_in_the_database_files(
    engine: Engine, town: Survey, database: str | Path
) -> None:
    user = TELEGRAM_ID
    await engine.set_language(user, "nl")
    await engine.consent(user, town.id)
    await engine.proceed(user, town.id, "welcome")
    await engine.answer(user, town.id, "car", "yes")
    await engine.answer(user, town.id, "car_use", "work")
    await engine.answer(user, town.id, "topics", ["parks"])
    await engine.answer(user, town.id, "trust", 4)
    await engine.submit_proposal(user, town.id, "ideas", "A new bridge for bikes")
    await engine.confirm_proposal(user, town.id)
    await engine.approve_proposal(1, moderator_user=TELEGRAM_ID + 7)
    assert (await engine.my_data(user))["participants"][0]["language"] == "nl"
    data = await everything_stored(database)
    assert data, "the database should hold something"
    for raw in (str(TELEGRAM_ID).encode(), str(TELEGRAM_ID + 7).encode(),
                struct.pack(">q", TELEGRAM_ID), struct.pack("<q", TELEGRAM_ID),
                struct.pack(">q", TELEGRAM_ID + 7)):
        assert raw not in data
    assert pseudonym(TELEGRAM_ID, b"test-secret").encode() in data
