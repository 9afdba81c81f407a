"""Starting a demonstration from an empty database (`python -m bot demo --db ...`)."""

from __future__ import annotations

from pathlib import Path

from surveys.storage.address import Database, is_postgres, shown, sqlite_path

# Samen's tables, in an order TRUNCATE accepts (it takes them all at once anyway).
SAMEN_TABLES = ("surveys", "survey_versions", "participants", "progress", "answers",
                "proposals", "votes", "vote_history", "moderation_log", "consents", "drafts",
                "reports")


class NotADemoDatabase(Exception):
    """The database holds other surveys than the demo's: it is not emptied."""


async def start_afresh(database: Database, survey_id: str) -> None:
    """Empty `database` for a demo of `survey_id`: a SQLite file is deleted; a PostgreSQL
    database is emptied only when it holds nothing but an earlier run of the same demo (a
    demo pointed at a real consultation's database by mistake is refused, not wiped)."""
    if not is_postgres(database):
        path = sqlite_path(database)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        return
    import asyncpg

    connection = await asyncpg.connect(str(database))
    try:
        if not await connection.fetchval("SELECT to_regclass('surveys') IS NOT NULL"):
            return  # a new database: the store creates the tables
        others = [row[0] for row in await connection.fetch(
            "SELECT id FROM surveys WHERE id <> $1 ORDER BY id", survey_id)]
        if others:
            raise NotADemoDatabase(
                f"{shown(database)} holds other surveys ({', '.join(others)}); the demo "
                "empties its database first, so give it an empty one or one only demos use"
            )
        await connection.execute(f"TRUNCATE {', '.join(SAMEN_TABLES)} RESTART IDENTITY CASCADE")
    finally:
        await connection.close()
