"""Where the data lives: a SQLite file (a path, or `sqlite:///path`) or a PostgreSQL server
(`postgresql://user:password@host:port/database`, the form `psql` and libpq take).

Every command that takes `--db` (and `SAMEN_DATABASE_URL`) goes through here, so they agree on
what an address means and never print a password.
"""

from __future__ import annotations

import os
import re
import sqlite3
from os import PathLike
from pathlib import Path

import asyncpg

Database = str | PathLike[str]

# What opening or using a database raises when it is unreachable, refuses the connection, or
# is not a Samen database: the commands turn these into one line.
DATABASE_ERRORS = (sqlite3.Error, OSError, asyncpg.PostgresError, asyncpg.InterfaceError)

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:///"


def is_postgres(database: Database) -> bool:
    return os.fspath(database).startswith(POSTGRES_SCHEMES)


def sqlite_path(database: Database) -> Path:
    """The file of a SQLite address (`sqlite:///relative.db`, `sqlite:////absolute.db`)."""
    text = os.fspath(database)
    return Path(text[len(SQLITE_SCHEME):] if text.startswith(SQLITE_SCHEME) else text)


def normalise(database: Database) -> str | Path:
    """A PostgreSQL URL as it is; anything else as the SQLite file's path."""
    return os.fspath(database) if is_postgres(database) else sqlite_path(database)


def shown(database: Database) -> str:
    """The address for messages and logs: a PostgreSQL URL without its password."""
    text = os.fspath(database)
    if not is_postgres(text):
        return str(sqlite_path(text))
    return re.sub(r"^(postgres(?:ql)?://[^:/@]*):[^@]*@", r"\1:***@", text)
