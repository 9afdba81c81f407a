"""The PostgreSQL connections under the store: a pool, migrations on start, transactions, reads.

Driver: asyncpg, chosen by measurement (bench/pg_drivers.py: on Samen's write path it gave ~15%
more transactions/s than psycopg 3 with its pool and used a quarter less CPU per transaction).

Durability: every write is one transaction on a pooled connection, and a call returns only
after its COMMIT has returned, with `synchronous_commit = on` forced for Samen's connections
(whatever the server's default), so the commit is flushed to the server's WAL first. Nothing
is grouped here: the server already makes concurrent commits durable together (one WAL flush
for every transaction waiting), and the pool lets many citizens' transactions wait at once.

Concurrency: unlike the SQLite store (one writer at a time), transactions of many connections
and processes run side by side under READ COMMITTED. Upserts (`ON CONFLICT`) make concurrent
writes of one row safe; a write that must read before it writes (the proposal limit) first
locks its participant's row; a deadlock or serialization failure is retried. Reads are single
statements (each sees one committed state) or run in a read-only REPEATABLE READ snapshot.

A later inbox for webhook updates and per-citizen claims (several bot processes) belongs in
this same database, as new migrations and transactions on this pool.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Self, TypeVar

import asyncpg

from surveys.storage.base import AnswerValue, Bookkeeping, Cursor
from surveys.storage.fence import FENCE_SQL, AlreadyApplied, Fence, unclaimed_fence
from surveys.storage.postgres_migrations import migrate

T = TypeVar("T")
POOL_SIZE = 10
# Settings for every connection of Samen's: durability regardless of the server's defaults,
# and a name that shows up in pg_stat_activity.
SERVER_SETTINGS = {"synchronous_commit": "on", "application_name": "samen"}
# How often a transaction that lost a deadlock (or a serialization conflict) is run again.
RETRIES = 3
_RETRYABLE = (asyncpg.exceptions.DeadlockDetectedError,
              asyncpg.exceptions.SerializationError)


class PostgresConnection:
    """The open database: a pool of connections; the query classes build on it."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> Self:
        """Connect, apply missing migrations (one process at a time), and open the pool."""
        connection = await asyncpg.connect(url, server_settings=SERVER_SETTINGS)
        try:
            await migrate(connection)
        finally:
            await connection.close()
        pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size,
                                         server_settings=SERVER_SETTINGS)
        return cls(pool)

    @property
    def pool(self) -> asyncpg.Pool:
        """The pool itself, for other parts of Samen keeping their tables in this database."""
        return self._pool

    async def close(self) -> None:
        await self._pool.close()

    async def _transact(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        """`work` in one transaction, committed before this returns; run again (from the
        start, on a fresh transaction) when it lost a deadlock."""
        for attempt in range(RETRIES + 1):
            try:
                fence = unclaimed_fence()
                async with self._pool.acquire() as db, db.transaction():
                    if fence is not None:
                        await _claim(db, fence)
                    result = await work(db)
                if fence is not None:  # committed: the update's later writes go unfenced
                    fence.claimed = True
                return result
            except _RETRYABLE:
                if attempt == RETRIES:
                    raise
                await asyncio.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    async def _write(self, sql: str, *arguments: Any) -> asyncpg.Record | None:
        """One statement as a transaction of its own (committed before this returns), and its
        first row. A citizen's usual write is one statement (several tables through a WITH),
        so it costs one round trip instead of BEGIN, the statements and COMMIT."""
        if unclaimed_fence() is not None:  # the update's first write: with its fence
            return await self._transact(lambda db: db.fetchrow(sql, *arguments))
        for attempt in range(RETRIES + 1):
            try:
                return await self._pool.fetchrow(sql, *arguments)
            except _RETRYABLE:
                if attempt == RETRIES:
                    raise
                await asyncio.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    @asynccontextmanager
    async def _snapshot(self) -> AsyncIterator[asyncpg.Connection]:
        """Several reads that see one committed state."""
        async with self._pool.acquire() as db, db.transaction(
            isolation="repeatable_read", readonly=True
        ):
            yield db

    async def _all(self, sql: str, *arguments: Any) -> list[asyncpg.Record]:
        return list(await self._pool.fetch(sql, *arguments))

    async def _one(self, sql: str, *arguments: Any) -> asyncpg.Record | None:
        return await self._pool.fetchrow(sql, *arguments)


async def _claim(db: asyncpg.Connection, fence: Fence) -> None:
    """In the write's transaction: take the update's effects, or raise AlreadyApplied."""
    if await db.execute(FENCE_SQL, fence.update_id) == "UPDATE 0":
        raise AlreadyApplied(fence.update_id)


async def lock_participant(db: asyncpg.Connection, participant_id: int) -> None:
    """Make this participant's other read-then-write checks (the proposal limit) wait until
    this transaction ends, across processes. NO KEY UPDATE: rows that merely refer to the
    participant (their answers and votes, in other transactions) are not held up."""
    await db.execute("SELECT 1 FROM participants WHERE id = $1 FOR NO KEY UPDATE",
                     participant_id)


# Everything a call does to its participant's progress row, as one UPDATE (a row may be changed
# only once per statement): $1 participant, $2 survey, $3 move the cursor?, $4 version, $5 step,
# $6 time, $7 completed?, $8 set the offer?, $9 the offer, $10 a proposal just voted on (its
# offer is cleared, unless $8 sets a new one). The text never changes: prepared once.
PROGRESS_UPDATE = """UPDATE progress SET
        survey_version = CASE WHEN $3 THEN $4::integer ELSE survey_version END,
        current_step = CASE WHEN $3 THEN $5::text ELSE current_step END,
        updated_at = CASE WHEN $3 THEN $6::text ELSE updated_at END,
        completed_at = CASE WHEN $7 THEN COALESCE(completed_at, $6::text) ELSE completed_at END,
        offered_proposal = CASE WHEN $8 THEN $9::bigint
                                WHEN offered_proposal = $10::bigint THEN NULL
                                ELSE offered_proposal END
    WHERE participant_id = $1 AND survey_id = $2
      AND ($3 OR $7 OR $8 OR offered_proposal = $10::bigint)"""
PROGRESS_ARGUMENTS = 10


def progress_arguments(
    participant_id: int, survey_id: str, at: str, cursor: Cursor | None = None,
    then: Bookkeeping | None = None, voted: int | None = None,
) -> tuple[Any, ...]:
    """PROGRESS_UPDATE's arguments: what `save_step_sql` with `cursor`, a vote on `voted`
    clearing its offer, and then `keep_books_sql` with `then` do, in that order."""
    finish = then is not None and then.finish_version is not None
    moved = cursor
    if then is not None and then.finish_version is not None:  # finishing moves it last
        moved = Cursor(then.finish_version, None, True)
    return (
        participant_id, survey_id, moved is not None,
        None if moved is None else moved.survey_version,
        None if moved is None else moved.current_step, at,
        finish or (cursor is not None and cursor.completed),
        then is not None and then.set_offer, None if then is None else then.offer, voted,
    )


async def lock_proposal_numbers(db: asyncpg.Connection, survey_id: str) -> None:
    """Make the survey's other proposal inserts wait until this transaction ends.

    PostgreSQL numbers a row when it is inserted, not when it is committed: without this, a
    proposal could become visible before one with a lower number, and a moderator walking the
    pending ones by number (`next_pending(after_id)`) would pass the lower one by. Proposals are
    few beside answers and votes, so taking turns per survey costs little.
    """
    await db.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('samen-proposals:' || $1, 0))", survey_id
    )


async def save_step_sql(
    db: asyncpg.Connection, participant_id: int, survey_id: str, cursor: Cursor, at: str,
    answer: tuple[str, AnswerValue, bool] | None,
) -> None:
    """In a transaction: record an answer (if any) and move the cursor."""
    if answer is not None:
        step_id, value, skipped = answer
        await db.execute(
            """INSERT INTO answers (participant_id, survey_id, step_id, survey_version,
                   value, skipped, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (participant_id, survey_id, step_id) DO UPDATE SET
                   survey_version = excluded.survey_version, value = excluded.value,
                   skipped = excluded.skipped, answered_at = excluded.answered_at""",
            participant_id, survey_id, step_id, cursor.survey_version,
            None if value is None else json.dumps(value, ensure_ascii=False), skipped, at,
        )
    await db.execute(
        """UPDATE progress SET survey_version = $1, current_step = $2, updated_at = $3,
               completed_at = CASE WHEN $4 THEN COALESCE(completed_at, $3)
                                   ELSE completed_at END
           WHERE participant_id = $5 AND survey_id = $6""",
        cursor.survey_version, cursor.current_step, at, cursor.completed,
        participant_id, survey_id,
    )


async def keep_books_sql(
    db: asyncpg.Connection, participant_id: int, survey_id: str, then: Bookkeeping | None,
    at: str,
) -> None:
    """In a transaction: what showing the call's resulting view records."""
    if then is None:
        return
    if then.set_offer:
        await db.execute(
            "UPDATE progress SET offered_proposal = $1 WHERE participant_id = $2"
            " AND survey_id = $3",
            then.offer, participant_id, survey_id,
        )
    if then.finish_version is not None:
        await save_step_sql(db, participant_id, survey_id,
                            Cursor(then.finish_version, None, True), at, None)
