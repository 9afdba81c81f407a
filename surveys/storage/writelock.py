"""A fair write lock between processes that share one SQLite file (bot workers, the CLI).

SQLite lets one writer in at a time. A writer that finds the database locked sleeps and tries
again, with growing pauses (1, 2, 5, 10 ... up to 100 ms). Between two busy processes that is
unfair: the one holding the lock begins its next transaction a moment after it commits, long
before the sleeper wakes, so the sleeper can starve. Measured with two bot workers at 500
updates/s (bench/bot_throughput.py): waiting for BEGIN IMMEDIATE took 80-120 ms at the 90th
percentile and up to 2.2 s, and each worker spent a fifth of the run waiting.

:class:`WriteLock` queues the writers in the kernel instead: an exclusive ``flock`` on a file
beside the database (``<database>-writelock``), taken in the writer's thread just before
``BEGIN IMMEDIATE`` and given back once the transaction has ended. A waiting process is woken
the moment the holder lets go, and the holder's next batch has to queue behind it. The lock is
advisory and only orders the writers: SQLite's own locking still guards the data, a process
that does not take the lock (an old tool) is merely unfair again, and the kernel drops the lock
of a process that dies.

No ``fcntl`` (Windows) or an in-memory database: :class:`WriteLock` does nothing, and SQLite's
busy timeout alone applies.
"""

from __future__ import annotations

import os
import threading
from os import PathLike

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]


class WriteLock:
    """An exclusive, blocking lock on ``<database>-writelock``; a no-op where unavailable."""

    def __init__(self, database: str | PathLike[str]) -> None:
        self._fd: int | None = None
        self._held = False
        # Acquire and release may run on different threads (the writer's, the event loop's).
        self._guard = threading.Lock()
        if fcntl is not None and str(database) != ":memory:":
            self._fd = os.open(f"{os.fspath(database)}-writelock", os.O_RDWR | os.O_CREAT, 0o644)

    @property
    def held(self) -> bool:
        return self._held

    def acquire(self) -> None:
        """Block until this process may write (call it in the writer's thread)."""
        if self._fd is None or self._held:
            return
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        with self._guard:
            self._held = True

    def release(self) -> None:
        """Let the next process write; harmless when not held."""
        with self._guard:
            if self._fd is None or not self._held:
                return
            self._held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
