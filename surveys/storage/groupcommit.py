"""Group commit: many writers' transactions made durable by one COMMIT (one fsync).

An fsync costs milliseconds, so one COMMIT per logical write would cap the whole bot at a few
hundred writes per second. Instead a writer hands its work (a function of the plain sqlite3
connection, with no awaits inside) to the :class:`GroupCommitter` and waits. One flush takes
every work queued so far and runs them all in a single trip to the writer's thread
(:func:`run_batch`): the inter-process write lock (``writelock.py``), BEGIN IMMEDIATE, each work in
a SAVEPOINT of its own, COMMIT, the lock given back. Writers that arrive meanwhile (mostly during
the fsync) form the next flush.

* A writer is answered only once the COMMIT containing its work has completed: nothing a crash
  could still take back is ever acknowledged.
* A work that raises is rolled back to its savepoint, alone, and its writer gets the error; the
  rest of the batch is committed. If SQLite abandons the transaction (disk full, I/O error) or
  the COMMIT fails, every writer of the batch gets the error: none of them was told "saved".
* The database is locked only while SQLite itself works (the statements and the fsync), never
  while the event loop is busy elsewhere. Other processes sharing the file (bot workers, the
  CLI) wait for that much and no more.
* A writer cancelled before its flush began is left out; once the flush has begun its work is
  committed with the others.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import aiosqlite

from surveys.storage.writelock import WriteLock

T = TypeVar("T")
Work = Callable[[sqlite3.Connection], Any]
Outcome = tuple[bool, Any]  # (True, result) or (False, the exception the work raised)


class GroupCommitter:
    """Runs works for many writers in shared transactions on ``writer``'s thread.

    ``lock`` is the connection's asyncio lock: a flush never runs beside a multi-step
    transaction or a close that holds it.
    """

    def __init__(self, writer: aiosqlite.Connection, lock: asyncio.Lock, write_lock: WriteLock,
                 grouped: bool = True) -> None:
        self._writer = writer
        self._lock = lock
        self._write_lock = write_lock
        self._grouped = grouped
        self._queue: list[tuple[Work, asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work``'s result once it is committed; its exception if it raised or was lost."""
        if not self._grouped:  # one transaction per work: the baseline of bench/engine.py
            async with self._lock:
                [(ok, value)] = await self._run_in_thread([work])
            if not ok:
                raise value
            return value
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.append((work, done))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush_all())
        return await done

    async def drain(self) -> None:
        """Wait until every queued work has been flushed."""
        while self._flusher is not None:
            await asyncio.shield(self._flusher)

    async def _flush_all(self) -> None:
        try:
            while self._queue:
                batch = [(work, done) for work, done in self._queue if not done.cancelled()]
                self._queue = []
                if batch:
                    await self._flush(batch)
        finally:
            self._flusher = None

    async def _flush(self, batch: list[tuple[Work, asyncio.Future[Any]]]) -> None:
        try:
            async with self._lock:
                outcomes = await self._run_in_thread([work for work, _ in batch])
        except BaseException as error:  # BEGIN, the transaction or the COMMIT failed
            for _, done in batch:
                if not done.done():
                    done.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        for (_, done), (ok, value) in zip(batch, outcomes, strict=True):
            if done.done():
                continue
            if ok:
                done.set_result(value)
            else:
                done.set_exception(value)

    async def _run_in_thread(self, works: list[Work]) -> list[Outcome]:
        # aiosqlite has no public way to run a function on its thread with the raw connection.
        return await self._writer._execute(run_batch, self._writer, works, self._write_lock)


def run_batch(connection: aiosqlite.Connection, works: list[Work],
              write_lock: WriteLock) -> list[Outcome]:
    """In the writer's thread: every work in one transaction, each in its own savepoint."""
    db = connection._conn
    write_lock.acquire()
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            outcomes = [_in_savepoint(db, work) for work in works]
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return outcomes
    finally:
        write_lock.release()


def _in_savepoint(db: sqlite3.Connection, work: Work) -> Outcome:
    db.execute("SAVEPOINT logical")
    try:
        result = work(db)
    except Exception as error:
        if not db.in_transaction:  # SQLite abandoned the whole transaction: the batch is lost
            raise
        db.execute("ROLLBACK TO logical")
        db.execute("RELEASE logical")
        return False, error
    db.execute("RELEASE logical")
    return True, result
