"""The SQLite schema, as an ordered list of migrations applied on start-up.

Each migration runs once, in its own transaction, and is recorded in `schema_migrations`
(and in `PRAGMA user_version`, so `sqlite3 samen.db 'pragma user_version'` tells the version).
Never edit a released migration: append a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "surveys with versions, participants, progress, answers, proposals, votes, moderation",
        (
            """CREATE TABLE surveys (
                id TEXT PRIMARY KEY,
                current_version INTEGER NOT NULL,
                status TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'open', 'closed')),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE survey_versions (
                survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                definition TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                source_text TEXT NOT NULL,
                loaded_at TEXT NOT NULL,
                PRIMARY KEY (survey_id, version)
            )""",
            """CREATE TABLE participants (
                id INTEGER PRIMARY KEY,
                pseudonym TEXT NOT NULL UNIQUE,
                language TEXT,
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE progress (
                participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
                survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                survey_version INTEGER NOT NULL,
                current_step TEXT,
                offered_proposal INTEGER REFERENCES proposals(id) ON DELETE SET NULL,
                started_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                completed_at TEXT,
                PRIMARY KEY (participant_id, survey_id)
            )""",
            """CREATE TABLE answers (
                participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
                survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                step_id TEXT NOT NULL,
                survey_version INTEGER NOT NULL,
                value TEXT,
                skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
                answered_at TEXT NOT NULL,
                PRIMARY KEY (participant_id, survey_id, step_id)
            )""",
            """CREATE TABLE proposals (
                id INTEGER PRIMARY KEY,
                survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                step_id TEXT,
                participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
                statement_key TEXT,
                text TEXT NOT NULL,
                translations TEXT NOT NULL DEFAULT '{}',
                language TEXT,
                status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX proposals_by_survey ON proposals (survey_id, status)",
            "CREATE INDEX proposals_by_author ON proposals (participant_id, survey_id)",
            """CREATE TABLE votes (
                participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
                proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                step_id TEXT,
                choice TEXT NOT NULL CHECK (choice IN ('agree', 'disagree', 'pass')),
                voted_at TEXT NOT NULL,
                PRIMARY KEY (participant_id, proposal_id)
            )""",
            "CREATE INDEX votes_by_survey ON votes (survey_id, proposal_id)",
            """CREATE TABLE vote_history (
                id INTEGER PRIMARY KEY,
                participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
                proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                step_id TEXT,
                choice TEXT NOT NULL CHECK (choice IN ('agree', 'disagree', 'pass')),
                voted_at TEXT NOT NULL
            )""",
            "CREATE INDEX vote_history_by_survey ON vote_history (survey_id)",
            """CREATE TABLE moderation_log (
                id INTEGER PRIMARY KEY,
                proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                moderator TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('approve', 'reject')),
                reason TEXT NOT NULL DEFAULT '',
                at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        2,
        "consents, proposal drafts, content reports",
        (
            """CREATE TABLE consents (
                participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
                survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                survey_version INTEGER NOT NULL,
                given_at TEXT NOT NULL,
                PRIMARY KEY (participant_id, survey_id)
            )""",
            # Progress rows from before consents existed were made by participants who had
            # started, which then implied consent.
            """INSERT INTO consents (participant_id, survey_id, survey_version, given_at)
               SELECT participant_id, survey_id, survey_version, started_at FROM progress""",
            """CREATE TABLE drafts (
                participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
                survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                step_id TEXT NOT NULL,
                text TEXT NOT NULL,
                similar TEXT NOT NULL DEFAULT '[]',
                created_at TEXT NOT NULL,
                PRIMARY KEY (participant_id, survey_id)
            )""",
            """CREATE TABLE reports (
                id INTEGER PRIMARY KEY,
                proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
                reason TEXT NOT NULL DEFAULT '',
                reported_at TEXT NOT NULL,
                UNIQUE (proposal_id, participant_id)
            )""",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version


async def schema_version(connection: aiosqlite.Connection) -> int:
    async with connection.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def migrate(
    connection: aiosqlite.Connection,
    migrations: tuple[Migration, ...] = MIGRATIONS,
) -> list[int]:
    """Apply the migrations the database lacks; returns the versions applied.

    The connection must be in autocommit mode (isolation_level=None): transactions are explicit.
    `BEGIN IMMEDIATE` takes the write lock first, so two processes starting at once cannot both
    apply the same migration.
    """
    applied: list[int] = []
    for migration in migrations:
        await connection.execute("BEGIN IMMEDIATE")
        try:
            if await schema_version(connection) >= migration.version:
                await connection.execute("ROLLBACK")
                continue
            await connection.execute(
                """CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, description TEXT NOT NULL,
                    applied_at TEXT NOT NULL)"""
            )
            for statement in migration.statements:
                await connection.execute(statement)
            await connection.execute(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.description,
                 datetime.now(UTC).isoformat(timespec="seconds")),
            )
            # PRAGMA takes no parameters; the version is an int from the list above.
            await connection.execute(f"PRAGMA user_version = {int(migration.version)}")
            await connection.execute("COMMIT")
        except BaseException:
            await connection.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
