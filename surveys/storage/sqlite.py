"""The SQLite `Store`: surveys, participants and progress here; proposals, votes and the
survey-wide reads in `surveys.storage.sqlite_content`. See `connection` for durability."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import aiosqlite

from surveys.storage.base import (
    AnswerRecord,
    AnswerValue,
    Bookkeeping,
    Cursor,
    DraftRecord,
    ParticipantRecord,
    ParticipantState,
    ProgressRecord,
    StatementSeed,
    SurveyRecord,
    VoteRecord,
)
from surveys.storage.connection import answer_record, keep_books_sql, save_step_sql, timestamp
from surveys.storage.sqlite_content import ContentQueries

# The tables holding rows about one participant, for /mydata (column naming the participant).
_PARTICIPANT_TABLES = (
    "consents", "progress", "answers", "drafts", "proposals", "votes", "vote_history", "reports",
)


_JSON_COLUMNS = {"value", "translations", "similar"}


class SqliteStore(ContentQueries):
    """`surveys.storage.base.Store` on SQLite. Make one with `await SqliteStore.open(path)`."""

    _versions: dict[tuple[str, int], SurveyRecord]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._versions = {}  # survey versions are immutable: parsed once

    # --- surveys -------------------------------------------------------------------------------

    async def save_survey_version(
        self, survey_id: str, definition: dict[str, Any], fingerprint: str, source_text: str,
        statements: Sequence[StatementSeed], now: datetime,
    ) -> tuple[int, bool]:
        at = timestamp(now)
        async with self._write() as db:
            async with db.execute(
                """SELECT s.current_version, v.fingerprint FROM surveys s JOIN survey_versions v
                   ON v.survey_id = s.id AND v.version = s.current_version WHERE s.id = ?""",
                (survey_id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None and row["fingerprint"] == fingerprint:
                return int(row["current_version"]), False
            if row is None:
                version = 1
                await db.execute(
                    "INSERT INTO surveys (id, current_version, status, created_at, updated_at)"
                    " VALUES (?, 1, 'draft', ?, ?)",
                    (survey_id, at, at),
                )
            else:
                version = int(row["current_version"]) + 1
                await db.execute(
                    "UPDATE surveys SET current_version = ?, updated_at = ? WHERE id = ?",
                    (version, at, survey_id),
                )
            await db.execute(
                "INSERT INTO survey_versions (survey_id, version, definition, fingerprint,"
                " source_text, loaded_at) VALUES (?, ?, ?, ?, ?, ?)",
                (survey_id, version, json.dumps(definition, ensure_ascii=False), fingerprint,
                 source_text, at),
            )
            await self._sync_statements(db, survey_id, version, statements, at)
        return version, True

    async def _sync_statements(
        self, db: aiosqlite.Connection, survey_id: str, version: int,
        statements: Sequence[StatementSeed], at: str,
    ) -> None:
        """Keep organiser statements in step with the file: new text means a new proposal.

        Votes were cast on a text, so a reworded statement does not inherit them; the old one is
        retired (rejected, logged) rather than deleted, keeping the votes for the export.
        """
        async with db.execute(
            "SELECT id, statement_key, text, status FROM proposals"
            " WHERE survey_id = ? AND statement_key IS NOT NULL",
            (survey_id,),
        ) as cursor:
            existing = list(await cursor.fetchall())
        wanted = {(seed.key, seed.text): seed for seed in statements}
        for row in existing:
            seed = wanted.pop((row["statement_key"], row["text"]), None)
            if seed is not None:
                await db.execute(
                    "UPDATE proposals SET translations = ?, status = 'approved' WHERE id = ?",
                    (json.dumps(seed.translations, ensure_ascii=False), row["id"]),
                )
            elif row["status"] != "rejected":
                await db.execute("UPDATE proposals SET status = 'rejected' WHERE id = ?",
                                 (row["id"],))
                await db.execute(
                    "INSERT INTO moderation_log (proposal_id, moderator, action, reason, at)"
                    " VALUES (?, 'survey-file', 'reject', ?, ?)",
                    (row["id"], f"not in survey version {version}", at),
                )
        for seed in wanted.values():
            await db.execute(
                "INSERT INTO proposals (survey_id, statement_key, text, translations, status,"
                " created_at) VALUES (?, ?, ?, ?, 'approved', ?)",
                (survey_id, seed.key, seed.text,
                 json.dumps(seed.translations, ensure_ascii=False), at),
            )

    def _survey(self, row: aiosqlite.Row) -> SurveyRecord:
        return SurveyRecord(
            id=row["id"], version=row["version"], status=row["status"],
            definition=json.loads(row["definition"]), source_text=row["source_text"],
            created_at=row["created_at"], loaded_at=row["loaded_at"],
        )

    _SURVEY_SELECT = """SELECT s.id, s.status, s.created_at, v.version, v.definition,
        v.source_text, v.loaded_at FROM surveys s JOIN survey_versions v ON v.survey_id = s.id"""

    async def get_survey(self, survey_id: str, version: int | None = None) -> SurveyRecord | None:
        # Called on every engine call: a version's definition never changes, so it is parsed
        # once and only the status (which does change) is read each time.
        head = await self._one(
            "SELECT s.status, v.version FROM surveys s JOIN survey_versions v"
            " ON v.survey_id = s.id WHERE s.id = ? AND v.version = COALESCE(?, s.current_version)",
            (survey_id, version),
        )
        if head is None:
            return None
        key = (survey_id, int(head["version"]))
        cached = self._versions.get(key)
        if cached is None:
            row = await self._one(
                self._SURVEY_SELECT + " WHERE s.id = ? AND v.version = ?", key
            )
            if row is None:  # deleted in between
                return None
            cached = self._versions[key] = self._survey(row)
        return replace(cached, status=head["status"])

    async def list_surveys(self) -> list[SurveyRecord]:
        # Asked on a citizen's /start: definitions are read and parsed only for versions not
        # seen before.
        heads = await self._all(
            "SELECT id, current_version, status FROM surveys ORDER BY id"
        )
        records = []
        for survey_id, version, status in heads:
            cached = self._versions.get((survey_id, version))
            if cached is None:
                row = await self._one(
                    self._SURVEY_SELECT + " WHERE s.id = ? AND v.version = ?",
                    (survey_id, version),
                )
                if row is None:  # deleted in between
                    continue
                cached = self._versions[(survey_id, version)] = self._survey(row)
            records.append(replace(cached, status=status))
        return records

    async def set_survey_status(self, survey_id: str, status: str, now: datetime) -> bool:
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE surveys SET status = ?, updated_at = ? WHERE id = ?",
                (status, timestamp(now), survey_id),
            )
            return cursor.rowcount > 0

    # --- participants --------------------------------------------------------------------------

    async def get_participant(self, pseudonym: str) -> ParticipantRecord | None:
        # The bot asks for a citizen's language on every update: read on the spot.
        row = await self._quick_one(
            "SELECT id, pseudonym, language, created_at FROM participants WHERE pseudonym = ?",
            (pseudonym,),
        )
        return None if row is None else ParticipantRecord(*row)

    async def ensure_participant(self, pseudonym: str, now: datetime) -> ParticipantRecord:
        def work(db: sqlite3.Connection) -> ParticipantRecord:
            db.execute(
                "INSERT INTO participants (pseudonym, created_at) VALUES (?, ?)"
                " ON CONFLICT (pseudonym) DO NOTHING",
                (pseudonym, timestamp(now)),
            )
            row = db.execute(
                "SELECT id, pseudonym, language, created_at FROM participants"
                " WHERE pseudonym = ?", (pseudonym,),
            ).fetchone()
            return ParticipantRecord(*row)

        return await self._transact(work)

    async def set_language(self, participant_id: int, language: str) -> None:
        await self._transact(lambda db: db.execute(
            "UPDATE participants SET language = ? WHERE id = ?", (language, participant_id)
        ))

    async def participant_data(self, participant_id: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        async with self._snapshot() as db:  # one consistent snapshot of every table
            for table in ("participants", *_PARTICIPANT_TABLES):
                column = "id" if table == "participants" else "participant_id"
                # Table and column names come from the constants above, never from input.
                rows = await db.execute_fetchall(
                    f"SELECT * FROM {table} WHERE {column} = ?", (participant_id,)
                )
                data[table] = [
                    {k: json.loads(v) if k in _JSON_COLUMNS and v is not None else v
                     for k, v in dict(row).items()}
                    for row in rows
                ]
        return data

    async def delete_participant(self, participant_id: int) -> bool:
        # Foreign keys cascade: their answers, votes, proposals (with the votes on them), ...
        async with self._write() as db:
            # Other citizens' drafts point at similar proposals; drafts saved before pointers
            # held only ids also copied the text. Drop the pointers to this citizen's proposals.
            await db.execute(
                """UPDATE drafts SET similar = (
                       SELECT json_group_array(json(s.value)) FROM json_each(drafts.similar) s
                       WHERE json_extract(s.value, '$.proposal_id') NOT IN
                             (SELECT id FROM proposals WHERE participant_id = :me))
                   WHERE participant_id != :me AND EXISTS (
                       SELECT 1 FROM json_each(drafts.similar) s
                       WHERE json_extract(s.value, '$.proposal_id') IN
                             (SELECT id FROM proposals WHERE participant_id = :me))""",
                {"me": participant_id},
            )
            cursor = await db.execute("DELETE FROM participants WHERE id = ?", (participant_id,))
            deleted = cursor.rowcount > 0
        if deleted:  # secure_delete zeroed the rows in the database; now empty the WAL
            await self._empty_wal()
        return deleted

    # --- consent and progress ------------------------------------------------------------------

    async def start(
        self, participant_id: int, survey_id: str, version: int, first_step: str | None,
        now: datetime, then: Bookkeeping | None = None, language: str | None = None,
    ) -> None:
        at = timestamp(now)

        def work(db: sqlite3.Connection) -> None:
            if language is not None:
                db.execute("UPDATE participants SET language = ? WHERE id = ?",
                           (language, participant_id))
            db.execute(
                "INSERT INTO consents (participant_id, survey_id, survey_version, given_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (participant_id, survey_id, version, at),
            )
            db.execute(
                "INSERT INTO progress (participant_id, survey_id, survey_version, current_step,"
                " started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (participant_id, survey_id, version, first_step, at, at),
            )
            keep_books_sql(db, participant_id, survey_id, then, at)

        await self._transact(work)

    async def get_progress(self, participant_id: int, survey_id: str) -> ProgressRecord | None:
        row = await self._one(
            """SELECT p.survey_version, p.current_step, p.offered_proposal, c.given_at,
                      p.started_at, p.completed_at
               FROM progress p JOIN consents c
                 ON c.participant_id = p.participant_id AND c.survey_id = p.survey_id
               WHERE p.participant_id = ? AND p.survey_id = ?""",
            (participant_id, survey_id),
        )
        return None if row is None else ProgressRecord(*row)

    async def participant_state(self, pseudonym: str, survey_id: str) -> ParticipantState:
        # One statement: one snapshot, read on the spot, on every engine call; everything but
        # the participant row comes as one JSON document, decoded in one go (answer values are
        # JSON already and are embedded as such, not as strings to decode one by one).
        # (`json(...)` around each subquery: a subquery's result loses its JSON-ness.)
        row = await self._quick_one(
            """SELECT p.id, p.pseudonym, p.language, p.created_at, json_array(
                 json((SELECT json_array(g.survey_version, g.current_step, g.offered_proposal,
                                         c.given_at, g.started_at, g.completed_at)
                       FROM progress g JOIN consents c
                         ON c.participant_id = g.participant_id AND c.survey_id = g.survey_id
                       WHERE g.participant_id = p.id AND g.survey_id = :survey)),
                 json((SELECT json_group_array(json_array(step_id, survey_version, json(value),
                                                          skipped, answered_at))
                       FROM answers WHERE participant_id = p.id AND survey_id = :survey)),
                 json((SELECT json_group_array(json_array(proposal_id, step_id, choice, voted_at))
                       FROM votes WHERE participant_id = p.id AND survey_id = :survey)),
                 json((SELECT json_array(step_id, text, json(similar), created_at) FROM drafts
                       WHERE participant_id = p.id AND survey_id = :survey)),
                 json((SELECT json_group_object(step_id, n) FROM (SELECT step_id, COUNT(*) AS n
                       FROM proposals WHERE participant_id = p.id AND survey_id = :survey
                       GROUP BY step_id)))
               ) FROM participants p WHERE p.pseudonym = :pseudonym""",
            {"survey": survey_id, "pseudonym": pseudonym},
        )
        if row is None:
            return ParticipantState(None, None, {}, {})
        participant = ParticipantRecord(row[0], row[1], row[2], row[3])
        progress, answers, votes, draft, written = json.loads(row[4])
        me = participant.id
        return ParticipantState(
            participant,
            None if progress is None else ProgressRecord(*progress),
            {step: AnswerRecord(me, step, version, value, bool(skipped), at)
             for step, version, value, skipped, at in answers},
            {proposal: VoteRecord(me, proposal, step, choice, at)
             for proposal, step, choice, at in votes},
            None if draft is None else DraftRecord(*draft),
            written,
        )

    async def get_answers(self, participant_id: int, survey_id: str) -> dict[str, AnswerRecord]:
        rows = await self._all(
            "SELECT * FROM answers WHERE participant_id = ? AND survey_id = ?",
            (participant_id, survey_id),
        )
        return {row["step_id"]: answer_record(row) for row in rows}

    async def save_step(
        self, participant_id: int, survey_id: str, cursor: Cursor, now: datetime,
        answer: tuple[str, AnswerValue, bool] | None = None,
        then: Bookkeeping | None = None,
    ) -> None:
        at = timestamp(now)

        def work(db: sqlite3.Connection) -> None:
            save_step_sql(db, participant_id, survey_id, cursor, at, answer)
            keep_books_sql(db, participant_id, survey_id, then, at)

        await self._transact(work)

    async def keep_books(
        self, participant_id: int, survey_id: str, then: Bookkeeping, now: datetime
    ) -> None:
        at = timestamp(now)
        await self._transact(lambda db: keep_books_sql(db, participant_id, survey_id, then, at))
