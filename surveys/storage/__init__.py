"""Storage behind a small interface (`base.Store`): SQLite (the default, one file) or PostgreSQL
(a server, for several bot processes); `address` says which an address names."""

from __future__ import annotations

from surveys.storage.address import Database, is_postgres, sqlite_path
from surveys.storage.base import Store
from surveys.storage.sqlite import SqliteStore


async def open_store(database: Database) -> Store:
    """Open (creating and migrating as needed) the database at `database`: a SQLite path or
    `sqlite:///path`, or a `postgresql://` URL."""
    if is_postgres(database):
        from surveys.storage.postgres import PostgresStore  # loaded only when used

        return await PostgresStore.open(str(database))
    return await SqliteStore.open(sqlite_path(database))


__all__ = ["SqliteStore", "Store", "open_store"]
