"""Group commit in the SQLite store: one COMMIT for many writers, each told only after it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from surveys.storage import SqliteStore

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


async def _commits(store: SqliteStore) -> list[str]:
    statements: list[str] = []
    await store._db.set_trace_callback(statements.append)
    return statements


@pytest.mark.parametrize("group_commit", [True, False])
async def test_concurrent_writers_all_land_and_share_commits(
    tmp_path: Path, group_commit: bool
) -> None:
    store = await SqliteStore.open(tmp_path / "g.db", group_commit=group_commit)
    try:
        traced = await _commits(store)
        await asyncio.gather(*(store.ensure_participant(f"p{n}", NOW) for n in range(100)))
        commits = sum(1 for sql in traced if sql == "COMMIT")
        for n in range(100):
            assert await store.get_participant(f"p{n}") is not None  # each saw its own write
    finally:
        await store.close()
    if group_commit:
        assert 1 <= commits <= 20
    else:
        assert commits == 100


async def test_a_failing_transaction_does_not_poison_its_batch(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "g.db")

    async def good(n: int) -> None:
        await store.ensure_participant(f"good{n}", NOW)

    async def bad() -> None:
        async with store._write() as db:
            await db.execute("INSERT INTO participants (pseudonym, created_at) VALUES ('bad', 'x')")
            await db.execute("INSERT INTO participants (pseudonym, created_at) VALUES ('bad', 'y')")

    try:
        results = await asyncio.gather(*(good(n) for n in range(10)), bad(),
                                       *(good(n) for n in range(10, 20)), return_exceptions=True)
        assert isinstance(results[10], sqlite3.IntegrityError)
        assert [r for i, r in enumerate(results) if i != 10] == [None] * 20
        assert await store.get_participant("bad") is None  # its first insert was undone too
        for n in range(20):
            assert await store.get_participant(f"good{n}") is not None
    finally:
        await store.close()
    reopened = await SqliteStore.open(tmp_path / "g.db")
    try:
        assert len(await reopened._all("SELECT * FROM participants")) == 20
    finally:
        await reopened.close()


async def test_reads_never_see_a_batch_before_its_commit(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "g.db")
    seen_inside: list[object] = []
    try:
        async with store._write() as db:
            await db.execute("INSERT INTO participants (pseudonym, created_at) VALUES ('x', 'y')")
            seen_inside.append(await store.get_participant("x"))
        assert seen_inside == [None]
        assert await store.get_participant("x") is not None  # committed when the block ended
    finally:
        await store.close()


async def test_a_cancelled_writer_is_rolled_back_alone(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "g.db")
    entered = asyncio.Event()

    async def slow() -> None:
        async with store._write() as db:
            await db.execute("INSERT INTO participants (pseudonym, created_at) VALUES ('c', 'y')")
            entered.set()
            await asyncio.sleep(10)

    try:
        task = asyncio.create_task(slow())
        await entered.wait()
        others = asyncio.gather(*(store.ensure_participant(f"o{n}", NOW) for n in range(5)))
        task.cancel()
        await others
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await store.get_participant("c") is None
        assert all([await store.get_participant(f"o{n}") for n in range(5)])
    finally:
        await store.close()


async def test_a_failing_one_hop_transaction_is_rolled_back_alone(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "g.db")

    def bad(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO participants (pseudonym, created_at) VALUES ('bad', 'x')")
        db.execute("INSERT INTO participants (pseudonym, created_at) VALUES ('bad', 'y')")

    try:
        results = await asyncio.gather(
            *(store.ensure_participant(f"good{n}", NOW) for n in range(10)),
            store._transact(bad),
            *(store.ensure_participant(f"good{n}", NOW) for n in range(10, 20)),
            return_exceptions=True,
        )
        assert isinstance(results[10], sqlite3.IntegrityError)
        assert all(r is not None and not isinstance(r, BaseException)
                   for i, r in enumerate(results) if i != 10)
        assert await store.get_participant("bad") is None  # its first insert was undone too
        await store.ensure_participant("after", NOW)  # the batch goes on working
    finally:
        await store.close()
    reopened = await SqliteStore.open(tmp_path / "g.db")
    try:
        assert len(await reopened._all("SELECT * FROM participants")) == 21
    finally:
        await reopened.close()


async def test_a_failed_transaction_alone_does_not_keep_the_database_locked(
    tmp_path: Path,
) -> None:
    store = await SqliteStore.open(tmp_path / "g.db")

    def bad(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO participants (pseudonym, created_at) VALUES ('bad', NULL)")

    try:
        with pytest.raises(sqlite3.IntegrityError):
            await store._transact(bad)
        await asyncio.sleep(0.1)  # the committer closes the (empty) batch
        other = sqlite3.connect(tmp_path / "g.db", timeout=0.5)  # e.g. the CLI
        try:
            other.execute("INSERT INTO participants (pseudonym, created_at) VALUES ('cli', 'x')")
            other.commit()
        finally:
            other.close()
    finally:
        await store.close()
