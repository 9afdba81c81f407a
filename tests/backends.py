"""Looking into a test's database directly, on either backend (see tests/conftest.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from surveys.storage.address import is_postgres


async def fetch_rows(database: str | Path, sql: str) -> list[tuple[Any, ...]]:
    """The rows of one query without parameters (written in SQL both backends speak)."""
    if is_postgres(database):
        import asyncpg

        connection = await asyncpg.connect(str(database))
        try:
            return [tuple(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchall()


async def everything_stored(database: str | Path) -> bytes:
    """What the database keeps: the SQLite files' bytes (freed pages and the log included), or
    on PostgreSQL every row of every table as text."""
    if not is_postgres(database):
        folder = Path(database).parent
        return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
    tables = await fetch_rows(
        database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    )
    rows = []
    for (table,) in tables:  # names from the catalogue, not from input
        rows += await fetch_rows(database, f"SELECT t::text FROM {table} AS t")
    return "\n".join(row[0] for row in rows).encode()


def database_environment(database: str | Path) -> dict[str, str]:
    """How a `python -m bot` or `python -m surveys` process is pointed at `database`."""
    if is_postgres(database):
        return {"SAMEN_DATABASE_URL": str(database), "SAMEN_DB": ""}
    return {"SAMEN_DB": str(database), "SAMEN_DATABASE_URL": ""}
