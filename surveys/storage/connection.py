"""The SQLite connections under the store: pragmas, migrations, group commit, reads.

Durability: WAL with `synchronous=FULL` fsyncs the log at every COMMIT, so a write that returned
survives not only `kill -9` but a power cut or an OS crash too (which `NORMAL` may roll back).

Group commit: an fsync costs milliseconds, so one COMMIT per logical write would cap the whole
bot at a few hundred writes per second. Instead logical transactions run one at a time (an
asyncio lock), each inside a SAVEPOINT of a shared outer transaction, and one COMMIT makes a whole
batch durable: every logical transaction that ran while the previous COMMIT was flushing. A
writer's `_write()` block returns only once the COMMIT containing its writes has completed, so
the engine acknowledges nothing that a crash could still take back. A logical transaction that
fails is rolled back to its savepoint and does not touch the others in its batch; if SQLite
itself abandons the outer transaction (disk full, I/O error) or the COMMIT fails, every writer
of that batch gets the error (none of them was told "saved").
`group_commit=False` gives one BEGIN IMMEDIATE ... COMMIT per logical transaction (the baseline
of bench/engine.py).

Reads go through a second, read-only connection: in WAL mode it sees only committed data, never
a batch in flight, and it does not wait behind a COMMIT's fsync. Each read is one statement and
so one consistent snapshot; reads that need several statements to agree use `_snapshot()`.
Other processes (the CLI beside a running bot) are handled by SQLite's own locking:
`BEGIN IMMEDIATE` plus a busy timeout.
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
from typing import Any, Self, TypeVar

import aiosqlite

from surveys.storage.base import (
    AnswerRecord,
    AnswerValue,
    Bookkeeping,
    Cursor,
    ProposalRecord,
    VoteRecord,
)
from surveys.storage.migrations import migrate

BUSY_TIMEOUT_MS = 10_000
# The quick reader runs on the event loop: a WAL reader is busy only while a crashed writer's
# log is recovered, and must not stall every citizen for long.
QUICK_BUSY_TIMEOUT_MS = 500

T = TypeVar("T")


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
    """The open database: a writer with group commit, a reader; the query classes build on it."""

    def __init__(
        self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, group_commit: bool,
        quick_reader: sqlite3.Connection | None = None,
    ) -> None:
        self._db = writer
        self._reader = reader
        self._quick_reader = quick_reader
        self._group_commit = group_commit
        self._lock = asyncio.Lock()  # one logical transaction (or COMMIT) at a time
        self._snapshot_lock = asyncio.Lock()
        self._batch_open = False  # the outer transaction of the current batch has begun
        self._batch: list[asyncio.Future[None]] = []  # writers waiting for the batch's COMMIT
        self._committer: asyncio.Task[None] | None = None

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
        return cls(writer, reader, group_commit, quick_reader)

    async def close(self) -> None:
        async with self._lock:
            if self._batch_open:
                await self._commit_batch()
            if self._reader is not self._db:
                await self._reader.close()
            if self._quick_reader is not None:
                self._quick_reader.close()
            await self._db.close()
        if self._committer is not None:
            await self._committer

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One logical transaction; on normal exit its writes are committed (fsync'd)."""
        if not self._group_commit:
            async with self._lock:
                await self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    if self._db.in_transaction:
                        await asyncio.shield(self._db.execute("ROLLBACK"))
                    raise
                await self._db.execute("COMMIT")
            return
        async with self._lock:
            if not self._batch_open:
                await self._db.execute("BEGIN IMMEDIATE")
                self._batch_open = True
            await self._db.execute("SAVEPOINT logical")
            try:
                yield self._db
            except BaseException as error:
                await asyncio.shield(self._undo_logical(error))
                self._commit_soon()  # never leave the write lock held by an idle batch
                raise
            await self._db.execute("RELEASE logical")
            committed = asyncio.get_running_loop().create_future()
            self._batch.append(committed)
            if self._committer is None:
                self._committer = asyncio.create_task(self._commit_when_idle())
        await self._until_committed(committed)

    async def _transact(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """One logical transaction as one trip to the writer's thread; committed on return.

        `work` runs there on the plain sqlite3 connection (no awaits inside), wrapped in its
        savepoint: the hot path's writes cost one thread hop instead of one per statement
        (`_write()` stays for the rare multi-step writes that await in between).
        """
        grouped = self._group_commit
        async with self._lock:
            hop = asyncio.ensure_future(self._db._execute(_logical, self._db, work, grouped))
            try:
                result = await asyncio.shield(hop)
            except BaseException as error:
                if not hop.done():  # cancelled: the work runs on; keep the batch's books right
                    await asyncio.wait([hop])
                if grouped and self._batch_open and not self._db.in_transaction:
                    self._finish_batch(error)  # SQLite abandoned the whole batch
                elif grouped:
                    self._batch_open = self._db.in_transaction
                    self._commit_soon()  # never leave the write lock held by an idle batch
                raise
            if not grouped:
                return result
            self._batch_open = True
            committed = asyncio.get_running_loop().create_future()
            self._batch.append(committed)
            self._commit_soon()
        await self._until_committed(committed)
        return result

    def _commit_soon(self) -> None:
        if self._batch_open and self._committer is None:
            self._committer = asyncio.create_task(self._commit_when_idle())

    async def _until_committed(self, committed: asyncio.Future[None]) -> None:
        # Shielded: a caller cancelled while waiting must not leave the COMMIT unobserved.
        await asyncio.shield(committed)

    async def _undo_logical(self, error: BaseException) -> None:
        """Roll back one failed logical transaction, or, failing that, its whole batch."""
        if self._db.in_transaction:
            try:
                await self._db.execute("ROLLBACK TO logical")
                await self._db.execute("RELEASE logical")
                return
            except sqlite3.Error:
                pass
        # SQLite abandoned the outer transaction (or cannot roll back): the batch is lost, and
        # the writers in it learn so instead of being told their writes were saved.
        if self._db.in_transaction:
            await self._db.execute("ROLLBACK")
        self._finish_batch(error)

    async def _commit_when_idle(self) -> None:
        """COMMIT the open batch once the writers queued before this task have joined it.

        `asyncio.Lock` wakes waiters in order, so this task gets the lock after every writer
        that was already waiting; writers arriving during the COMMIT's fsync queue up behind it
        and form the next batch.
        """
        async with self._lock:
            self._committer = None
            if self._batch_open:
                await self._commit_batch()

    async def _commit_batch(self) -> None:
        try:
            await asyncio.shield(self._db.execute("COMMIT"))
        except Exception as error:
            if self._db.in_transaction:
                await self._db.execute("ROLLBACK")
            self._finish_batch(error)
            return
        self._finish_batch(None)

    def _finish_batch(self, error: BaseException | None) -> None:
        batch, self._batch, self._batch_open = self._batch, [], False
        for committed in batch:
            if committed.done():
                continue
            if error is None:
                committed.set_result(None)
            else:
                committed.set_exception(error)

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


def _logical(connection: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T],
             grouped: bool) -> T:
    """In the writer's thread: `work` in a savepoint of the batch (or, ungrouped, alone)."""
    db = connection._conn
    if not grouped:
        db.execute("BEGIN IMMEDIATE")
        try:
            result = work(db)
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return result
    if not db.in_transaction:
        db.execute("BEGIN IMMEDIATE")
    db.execute("SAVEPOINT logical")
    try:
        result = work(db)
    except BaseException:
        if db.in_transaction:
            try:
                db.execute("ROLLBACK TO logical")
                db.execute("RELEASE logical")
            except sqlite3.Error:
                db.execute("ROLLBACK")
        raise
    db.execute("RELEASE logical")
    return result


async def _connect(database: str | PathLike[str]) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(database, isolation_level=None)
    connection.row_factory = aiosqlite.Row
    await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection
