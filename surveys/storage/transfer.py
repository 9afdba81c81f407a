"""Moving a consultation from a SQLite file to PostgreSQL (`python -m surveys copy`).

Every row of every Samen table is copied with its ids (participant and proposal numbers are the
Pol.is ids in exports, so they must not change), in one PostgreSQL transaction: a copy that
fails leaves the target as it was. Rows already there with the same key are left alone, so
running the copy again changes nothing. Before committing, each table's rows in the target are
read back and compared with the source's: the counts and the contents must be the same, so a
target holding another consultation's data (other rows, or other contents under the same ids)
is refused rather than mixed. Finally the id sequences are moved past the copied ids.

Stop the bot (or anything else writing to the file) while copying; the copy reads one snapshot
of the file, and writes made after it would not be copied.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any

import asyncpg

from surveys.storage.address import Database, shown, sqlite_path
from surveys.storage.postgres import PostgresStore
from surveys.storage.sqlite import SqliteStore

# Parents before children (foreign keys), with each table's key.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("surveys", ("id",)),
    ("survey_versions", ("survey_id", "version")),
    ("participants", ("id",)),
    ("proposals", ("id",)),
    ("progress", ("participant_id", "survey_id")),
    ("consents", ("participant_id", "survey_id")),
    ("answers", ("participant_id", "survey_id", "step_id")),
    ("drafts", ("participant_id", "survey_id")),
    ("votes", ("participant_id", "proposal_id")),
    ("vote_history", ("id",)),
    ("moderation_log", ("id",)),
    ("reports", ("id",)),
)
IDENTITY_TABLES = ("participants", "proposals", "vote_history", "moderation_log", "reports")
BOOLEAN_COLUMNS = {("answers", "skipped")}


class CopyRefused(Exception):
    """The target holds other data than the source's; nothing was written."""


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int  # in the source, and now in the target
    added: int  # of which this run inserted


async def copy_database(source: Database, target: str) -> list[TableCopy]:
    """Copy the SQLite database `source` into the PostgreSQL database `target` (see above)."""
    path = sqlite_path(source)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such database")
    # Opening each store brings its schema to the latest version (the same on both sides).
    for opened in (await SqliteStore.open(path), await PostgresStore.open(target)):
        await opened.close()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as reader:
        reader.execute("BEGIN")  # one snapshot of every table
        tables = {table: _read(reader, table) for table, _ in TABLES}
    connection = await asyncpg.connect(target)
    try:
        async with connection.transaction():
            return [await _copy_table(connection, table, key, *tables[table])
                    for table, key in TABLES]
    finally:
        await connection.close()


def _read(reader: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cursor = reader.execute(f"SELECT * FROM {table}")  # names from TABLES, never from input
    columns = [description[0] for description in cursor.description]
    rows = [
        tuple(bool(value) if (table, column) in BOOLEAN_COLUMNS and value is not None else value
              for column, value in zip(columns, row, strict=True))
        for row in cursor.fetchall()
    ]
    return columns, rows


async def _copy_table(
    connection: asyncpg.Connection, table: str, key: tuple[str, ...], columns: list[str],
    rows: list[tuple[Any, ...]],
) -> TableCopy:
    names = ", ".join(f'"{column}"' for column in columns)
    before = int(await connection.fetchval(f"SELECT COUNT(*) FROM {table}"))
    if rows:
        placeholders = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
        await connection.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
            f" ON CONFLICT ({', '.join(key)}) DO NOTHING",
            rows,
        )
    # JSON columns come back as the text that went in; compare as text on both sides.
    stored = await connection.fetch(
        f"SELECT {', '.join(_as_text(c) for c in columns)} FROM {table}"
    )
    target_rows = Counter(tuple(row) for row in stored)
    source_rows = Counter(rows)
    if target_rows != source_rows:
        raise CopyRefused(
            f"{table}: {len(rows)} rows in the source, {len(stored)} in the target after the "
            f"copy ({sum((target_rows - source_rows).values())} of them not the source's); "
            "the target holds other data, so nothing was copied"
        )
    if table in IDENTITY_TABLES:
        await connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )
    return TableCopy(table, len(rows), len(stored) - before)


def _as_text(column: str) -> str:
    return f'"{column}"::text' if column in ("value", "translations", "similar",
                                              "definition") else f'"{column}"'


def describe(copies: list[TableCopy], source: Database, target: str) -> str:
    added = sum(c.added for c in copies)
    lines = [f"{c.table}: {c.rows} rows ({c.added} new)" for c in copies]
    verdict = (f"copied {shown(source)} to {shown(target)}: every table's rows checked"
               if added else f"{shown(target)} already held all of {shown(source)}: "
               "nothing to copy (checked)")
    return "\n".join([*lines, verdict])
