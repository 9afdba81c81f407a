"""An update's writes are applied at most once on PostgreSQL (surveys/storage/fence.py), the
guarantee the webhook inbox (bot/inbox.py) builds its exactly-once processing on."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg
import pytest

from bot.inbox import SCHEMA
from surveys.storage import open_store
from surveys.storage.fence import AlreadyApplied, applying
from tests.backends import fetch_rows

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


async def with_inbox(url: str, *update_ids: int) -> None:
    connection = await asyncpg.connect(url)
    try:
        for statement in SCHEMA[1:]:
            await connection.execute(statement)
        for update_id in update_ids:
            await connection.execute(
                "INSERT INTO webhook_inbox (update_id, citizen, body) VALUES ($1, 1, '{}')",
                update_id)
    finally:
        await connection.close()


async def test_a_replayed_update_writes_nothing(postgres_database: str) -> None:
    await with_inbox(postgres_database, 41, 42)
    store = await open_store(postgres_database)
    try:
        with applying(41):
            first = await store.ensure_participant("p-one", NOW)
            await store.set_language(first.id, "en")  # later writes of the same update: fine
        with applying(41), pytest.raises(AlreadyApplied):  # the same update again
            await store.ensure_participant("p-two", NOW)
        with applying(42):  # the next update is its own
            await store.ensure_participant("p-three", NOW)
        await store.ensure_participant("p-four", NOW)  # outside the inbox: no fence
    finally:
        await store.close()
    names = await fetch_rows(postgres_database, "SELECT pseudonym FROM participants")
    assert sorted(name for (name,) in names) == ["p-four", "p-one", "p-three"]
    applied = await fetch_rows(
        postgres_database, "SELECT update_id FROM webhook_inbox WHERE applied_at IS NOT NULL")
    assert sorted(applied) == [(41,), (42,)]
