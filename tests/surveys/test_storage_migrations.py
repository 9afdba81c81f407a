"""The schema: created from nothing, upgraded from an older version, pragmas in force."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from surveys.storage import open_store
from surveys.storage.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate

REQUIRED_TABLES = {"surveys", "survey_versions", "participants", "progress", "answers",
                   "proposals", "votes", "vote_history", "moderation_log", "consents", "drafts",
                   "reports", "schema_migrations"}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


async def test_fresh_database_gets_every_table_and_the_latest_version(db_path: Path) -> None:
    store = await open_store(db_path)
    await store.close()
    assert _tables(db_path) >= REQUIRED_TABLES
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        applied = [row[0] for row in db.execute("SELECT version FROM schema_migrations")]
    assert applied == [m.version for m in MIGRATIONS]


async def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    for _ in range(2):
        store = await open_store(db_path)
        await store.close()
    async with aiosqlite.connect(db_path, isolation_level=None) as db:
        assert await migrate(db) == []


async def test_upgrade_from_version_1_keeps_data_and_backfills_consents(db_path: Path) -> None:
    async with aiosqlite.connect(db_path, isolation_level=None) as db:
        assert await migrate(db, MIGRATIONS[:1]) == [1]
        await db.execute("INSERT INTO surveys VALUES ('s', 1, 'open', 't0', 't0')")
        await db.execute("INSERT INTO survey_versions VALUES ('s', 1, '{}', 'f', '', 't0')")
        await db.execute("INSERT INTO participants VALUES (1, 'p1', 'nl', 't0')")
        await db.execute(
            "INSERT INTO progress (participant_id, survey_id, survey_version, current_step,"
            " started_at, updated_at) VALUES (1, 's', 1, 'q1', 't1', 't1')"
        )
    assert "consents" not in _tables(db_path)
    store = await open_store(db_path)
    progress = await store.get_progress(1, "s")
    await store.close()
    assert progress is not None and progress.current_step == "q1"
    assert progress.consented_at == "t1"  # an old start implied consent
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


async def test_foreign_keys_are_enforced(db_path: Path) -> None:
    store = await open_store(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            await store.add_report(99, 12345, "spam", datetime.now(UTC))
    finally:
        await store.close()


async def test_failed_migration_rolls_back(db_path: Path) -> None:
    broken = (*MIGRATIONS[:1], Migration(2, "broken", ("CREATE TABLE ok (x)", "NOT SQL")))
    async with aiosqlite.connect(db_path, isolation_level=None) as db:
        with pytest.raises(sqlite3.OperationalError):
            await migrate(db, broken)
    assert "ok" not in _tables(db_path)
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
