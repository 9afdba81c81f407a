"""The inter-process write lock: writers queue on it, and the store holds it only while writing."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from surveys.storage import SqliteStore
from surveys.storage.writelock import WriteLock

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def lock_is_free(database: Path) -> bool:
    """Whether another process could take the write lock right now (a separate open file)."""
    fd = os.open(f"{database}-writelock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing drops a lock we may have taken
    return True


def test_a_second_writer_waits_until_the_first_lets_go(tmp_path: Path) -> None:
    first, second = WriteLock(tmp_path / "w.db"), WriteLock(tmp_path / "w.db")
    acquired = threading.Event()
    first.acquire()
    waiter = threading.Thread(target=lambda: (second.acquire(), acquired.set()))
    waiter.start()
    try:
        assert not acquired.wait(0.3)  # blocked while the first holds it
        released_at = time.monotonic()
        first.release()
        assert acquired.wait(2.0)
        assert time.monotonic() - released_at < 0.5  # woken at once, no polling pause
        assert second.held and not first.held
    finally:
        waiter.join()
        second.close()
        first.close()


def test_release_without_acquire_is_harmless_and_memory_needs_no_lock(tmp_path: Path) -> None:
    lock = WriteLock(tmp_path / "w.db")
    lock.release()
    lock.close()
    in_memory = WriteLock(":memory:")
    in_memory.acquire()
    assert not in_memory.held  # nothing to lock for a database no other process can open
    in_memory.close()
    assert not Path(":memory:-writelock").exists()


async def test_the_store_holds_the_lock_only_while_it_writes(tmp_path: Path) -> None:
    database = tmp_path / "s.db"
    store = await SqliteStore.open(database)
    try:
        await store.ensure_participant("p1", NOW)
        assert lock_is_free(database)  # a committed batch gave it back at once
        async with store._write() as db:
            await db.execute("INSERT INTO participants (pseudonym, created_at) VALUES ('p2', 'x')")
            assert not lock_is_free(database)  # other processes queue behind this transaction
        assert lock_is_free(database)
    finally:
        await store.close()
