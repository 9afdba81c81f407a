"""Storage behind a small interface (`base.Store`); SQLite is the one backend today."""

from __future__ import annotations

from os import PathLike

from surveys.storage.base import Store
from surveys.storage.sqlite import SqliteStore


async def open_store(database: str | PathLike[str]) -> Store:
    """Open (creating and migrating as needed) the database at `database`."""
    return await SqliteStore.open(database)


__all__ = ["SqliteStore", "Store", "open_store"]
