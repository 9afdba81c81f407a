"""The SQLite connection under the store: pragmas, migrations, one transaction at a time.

Durability: WAL with `synchronous=FULL` fsyncs the log at every commit, so a transaction that
returned survives not only `kill -9` (which `NORMAL` would also survive) but a power cut or an
OS crash too (which `NORMAL` may roll back). A chat bot commits a few times per message, far
below what an fsync per commit costs, so the engine may acknowledge on return.

Concurrency: one connection serialises statements; an asyncio lock around every transaction
keeps coroutines of different citizens from interleaving inside each other's transactions.
Other processes (the CLI beside a running bot) are handled by SQLite's own locking:
`BEGIN IMMEDIATE` plus a busy timeout.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from typing import Any, Self

import aiosqlite

from surveys.storage.base import AnswerRecord, ProposalRecord, VoteRecord
from surveys.storage.migrations import migrate

BUSY_TIMEOUT_MS = 10_000


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def proposal_record(row: aiosqlite.Row) -> ProposalRecord:
    return ProposalRecord(
        id=row["id"], survey_id=row["survey_id"], step_id=row["step_id"],
        participant_id=row["participant_id"], statement_key=row["statement_key"],
        text=row["text"], translations=json.loads(row["translations"]),
        language=row["language"], status=row["status"], created_at=row["created_at"],
    )


def vote_record(row: aiosqlite.Row) -> VoteRecord:
    return VoteRecord(row["participant_id"], row["proposal_id"], row["step_id"],
                      row["choice"], row["voted_at"])


def answer_record(row: aiosqlite.Row) -> AnswerRecord:
    return AnswerRecord(
        participant_id=row["participant_id"], step_id=row["step_id"],
        survey_version=row["survey_version"],
        value=None if row["value"] is None else json.loads(row["value"]),
        skipped=bool(row["skipped"]), answered_at=row["answered_at"],
    )


class SqliteConnection:
    """An open database with its write lock; the store's query classes build on it."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, database: str | PathLike[str]) -> Self:
        folder = Path(database).parent
        if str(database) != ":memory:" and not folder.is_dir():
            # Checked here: a failed connect leaves aiosqlite's worker thread behind.
            raise FileNotFoundError(f"{folder}: no such directory")
        connection = await aiosqlite.connect(database, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA synchronous = FULL")
        await connection.execute("PRAGMA foreign_keys = ON")
        try:
            await migrate(connection)
        except BaseException:
            await connection.close()
            raise
        return cls(connection)

    async def close(self) -> None:
        async with self._lock:
            await self._db.close()

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            await self._db.execute("COMMIT")

    async def _all(self, sql: str, parameters: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self._lock, self._db.execute(sql, parameters) as cursor:
            return list(await cursor.fetchall())

    async def _one(self, sql: str, parameters: Sequence[Any] = ()) -> aiosqlite.Row | None:
        rows = await self._all(sql, parameters)
        return rows[0] if rows else None
