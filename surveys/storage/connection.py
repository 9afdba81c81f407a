"""The SQLite connections under the store: pragmas, migrations, group commit, reads.

Durability: WAL with `synchronous=FULL` fsyncs the log at every COMMIT, so a write that returned
survives not only `kill -9` but a power cut or an OS crash too (which `NORMAL` may roll back).

Group commit (`groupcommit.py`): writers' transactions are queued and made durable together,
one COMMIT and one fsync per batch; a writer is answered only after its batch's COMMIT.
`group_commit=False` gives one BEGIN IMMEDIATE ... COMMIT per logical transaction (the baseline
of bench/engine.py). The rare writes that must await between statements (`_write()`) run as a
transaction of their own.

Reads go through a second, read-only connection: in WAL mode it sees only committed data, never
a batch in flight, and it does not wait behind a COMMIT's fsync. Each read is one statement and
so one consistent snapshot; reads that need several statements to agree use `_snapshot()`.
Other processes (bot workers, the CLI beside a running bot) are handled by SQLite's own locking,
`BEGIN IMMEDIATE` plus a busy timeout, with a fair queue in front of it (`writelock.py`): each
batch takes an flock first, so busy processes take turns instead of starving each other.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

import aiosqlite

from surveys.storage.base import (
    AnswerRecord,
    AnswerValue,
    Bookkeeping,
    Cursor,
    ProposalRecord,
    VoteRecord,
)
from surveys.storage.groupcommit import GroupCommitter
from surveys.storage.migrations import migrate
from surveys.storage.writelock import WriteLock

BUSY_TIMEOUT_MS = 10_000
# The quick reader runs on the event loop: a WAL reader is busy only while a crashed writer's
# log is recovered, and must not stall every citizen for long.
QUICK_BUSY_TIMEOUT_MS = 500
CHECKPOINT_TRIES = 20  # a TRUNCATE checkpoint waits for readers still on an older snapshot
CHECKPOINT_PAUSE_S = 0.05

T = TypeVar("T")


class Row(Protocol):
    """A result row by column name: an aiosqlite.Row or an asyncpg.Record (PostgreSQL)."""

    def __getitem__(self, key: str, /) -> Any: ...


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def proposal_record(row: Row) -> ProposalRecord:
    return ProposalRecord(
        id=row["id"], survey_id=row["survey_id"], step_id=row["step_id"],
        participant_id=row["participant_id"], statement_key=row["statement_key"],
        text=row["text"], translations=json.loads(row["translations"]),
        language=row["language"], status=row["status"], created_at=row["created_at"],
    )


def vote_record(row: Row) -> VoteRecord:
    return VoteRecord(row["participant_id"], row["proposal_id"], row["step_id"],
                      row["choice"], row["voted_at"])


def answer_record(row: Row) -> AnswerRecord:
    return AnswerRecord(
        participant_id=row["participant_id"], step_id=row["step_id"],
        survey_version=row["survey_version"],
        value=None if row["value"] is None else json.loads(row["value"]),
        skipped=bool(row["skipped"]), answered_at=row["answered_at"],
    )


class SqliteConnection:
    """The open database: a writer with group commit, a reader; the query classes build on it."""

    def __init__(
        self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, group_commit: bool,
        quick_reader: sqlite3.Connection | None = None, write_lock: WriteLock | None = None,
    ) -> None:
        self._db = writer
        self._write_lock = write_lock or WriteLock(":memory:")
        self._reader = reader
        self._quick_reader = quick_reader
        self._lock = asyncio.Lock()  # one transaction of this process's at a time
        self._snapshot_lock = asyncio.Lock()
        self._committer = GroupCommitter(writer, self._lock, self._write_lock, group_commit)

    @classmethod
    async def open(cls, database: str | PathLike[str], *, group_commit: bool = True) -> Self:
        folder = Path(database).parent
        in_memory = str(database) == ":memory:"
        if not in_memory and not folder.is_dir():
            # Checked here: a failed connect leaves aiosqlite's worker thread behind.
            raise FileNotFoundError(f"{folder}: no such directory")
        writer = await _connect(database)
        try:
            await writer.execute("PRAGMA journal_mode = WAL")
            await writer.execute("PRAGMA synchronous = FULL")
            await writer.execute("PRAGMA foreign_keys = ON")
            # Deleted rows are overwritten with zeros, not merely unlinked: after /delete the
            # citizen's texts must not stay readable in the file (SQLite's build default varies).
            await writer.execute("PRAGMA secure_delete = ON")
            await migrate(writer)
            # A second connection to ":memory:" would be another database: read through one.
            reader = writer if in_memory else await _connect(database)
        except BaseException:
            await writer.close()
            raise
        quick_reader = None
        if reader is not writer:
            await reader.execute("PRAGMA query_only = ON")
            quick_reader = sqlite3.connect(database, isolation_level=None,
                                           check_same_thread=False)
            quick_reader.row_factory = sqlite3.Row
            quick_reader.execute("PRAGMA query_only = ON")
            quick_reader.execute(f"PRAGMA busy_timeout = {QUICK_BUSY_TIMEOUT_MS}")
        return cls(writer, reader, group_commit, quick_reader, WriteLock(database))

    async def close(self) -> None:
        await self._committer.drain()
        async with self._lock:
            if self._reader is not self._db:
                await self._reader.close()
            if self._quick_reader is not None:
                self._quick_reader.close()
            await self._db.close()
        self._write_lock.close()

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        """A transaction of several awaited statements, committed (fsync'd) on normal exit.

        For the rare writes that must read between statements (loading a survey); everything
        on a citizen's path goes through `_transact`, which shares COMMITs.
        """
        async with self._lock:
            await self._db._execute(self._write_lock.acquire)
            try:
                await self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    await self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:
                        await asyncio.shield(self._db.execute("ROLLBACK"))
                    raise
            finally:
                self._write_lock.release()

    async def _empty_wal(self) -> bool:
        """Copy the WAL into the database and truncate it to nothing (after /delete: the WAL
        keeps the pages as they were before the delete until a checkpoint). False when readers
        kept it from finishing in time; the next automatic checkpoint will then do it."""
        async with self._lock:
            await self._db._execute(self._write_lock.acquire)
            try:
                for _ in range(CHECKPOINT_TRIES):
                    async with self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
                        row = await cursor.fetchone()
                    if row is None or not row[0]:  # (busy, wal frames, checkpointed frames)
                        return True
                    await asyncio.sleep(CHECKPOINT_PAUSE_S)
                return False
            finally:
                self._write_lock.release()

    async def _transact(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """One logical transaction as one function on the plain sqlite3 connection (no awaits
        inside), run in the writer's thread and grouped with others; committed on return."""
        return await self._committer.run(work)

    @asynccontextmanager
    async def _snapshot(self) -> AsyncIterator[aiosqlite.Connection]:
        """Several reads that see one committed state (the reader's single-statement reads
        wait meanwhile, so none of them lands inside this older snapshot)."""
        if self._reader is self._db:  # in memory: the writer's lock gives the snapshot
            async with self._write() as db:
                yield db
            return
        async with self._snapshot_lock:
            await self._reader.execute("BEGIN")
            try:
                yield self._reader
            finally:
                await asyncio.shield(self._reader.execute("COMMIT"))

    async def _all(self, sql: str, parameters: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        if self._snapshot_lock.locked():
            async with self._snapshot_lock:
                return list(await self._reader.execute_fetchall(sql, parameters))
        return list(await self._reader.execute_fetchall(sql, parameters))

    async def _quick_one(self, sql: str, parameters: Any = ()) -> sqlite3.Row | None:
        """A small indexed read (one citizen's rows) on the event loop's own thread.

        The trip to a database thread costs more CPU (~30 us and two thread wake-ups) than such
        a read itself, and in WAL mode a reader never waits for the writer. Through the reader
        connection when that is the writer (in memory, or a test routing reads there).
        """
        if self._quick_reader is None or self._reader is self._db:
            return await self._one(sql, parameters)
        return self._quick_reader.execute(sql, parameters).fetchone()

    async def _one(self, sql: str, parameters: Sequence[Any] = ()) -> aiosqlite.Row | None:
        rows = await self._all(sql, parameters)
        return rows[0] if rows else None


def save_step_sql(
    db: sqlite3.Connection, participant_id: int, survey_id: str, cursor: Cursor, at: str,
    answer: tuple[str, AnswerValue, bool] | None,
) -> None:
    """In the writer's thread: record an answer (if any) and move the cursor."""
    if answer is not None:
        step_id, value, skipped = answer
        db.execute(
            """INSERT INTO answers (participant_id, survey_id, step_id, survey_version,
                   value, skipped, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (participant_id, survey_id, step_id) DO UPDATE SET
                   survey_version = excluded.survey_version, value = excluded.value,
                   skipped = excluded.skipped, answered_at = excluded.answered_at""",
            (participant_id, survey_id, step_id, cursor.survey_version,
             None if value is None else json.dumps(value, ensure_ascii=False),
             int(skipped), at),
        )
    db.execute(
        """UPDATE progress SET survey_version = ?, current_step = ?, updated_at = ?,
               completed_at = CASE WHEN ? THEN COALESCE(completed_at, ?)
                                   ELSE completed_at END
           WHERE participant_id = ? AND survey_id = ?""",
        (cursor.survey_version, cursor.current_step, at, int(cursor.completed), at,
         participant_id, survey_id),
    )


def keep_books_sql(
    db: sqlite3.Connection, participant_id: int, survey_id: str, then: Bookkeeping | None,
    at: str,
) -> None:
    """In the writer's thread: what showing the call's resulting view records."""
    if then is None:
        return
    if then.set_offer:
        db.execute(
            "UPDATE progress SET offered_proposal = ? WHERE participant_id = ? AND survey_id = ?",
            (then.offer, participant_id, survey_id),
        )
    if then.finish_version is not None:
        save_step_sql(db, participant_id, survey_id, Cursor(then.finish_version, None, True),
                      at, None)


async def _connect(database: str | PathLike[str]) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(database, isolation_level=None)
    connection.row_factory = aiosqlite.Row
    await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection
