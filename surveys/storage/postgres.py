"""The PostgreSQL `Store`: surveys, participants and progress here; proposals, votes and the
survey-wide reads in `surveys.storage.postgres_content`. See `postgres_connection` for
durability and concurrency. Every method means what the SQLite store's does (the same tests run
on both)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import asyncpg

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
from surveys.storage.connection import Row, answer_record, timestamp
from surveys.storage.postgres_connection import (
    PROGRESS_UPDATE,
    keep_books_sql,
    lock_proposal_numbers,
    progress_arguments,
)
from surveys.storage.postgres_content import PostgresContentQueries

# The tables holding rows about one participant, for /mydata (column naming the participant).
_PARTICIPANT_TABLES = (
    "consents", "progress", "answers", "drafts", "proposals", "votes", "vote_history", "reports",
)
_JSON_COLUMNS = {"value", "translations", "similar"}
# One key per survey for pg_advisory_xact_lock: loading a survey's file runs one at a time.
_SURVEY_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('samen-survey:' || $1, 0))"


class PostgresStore(PostgresContentQueries):
    """`surveys.storage.base.Store` on PostgreSQL. Make one with `await PostgresStore.open(url)`."""

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

        async def work(db: asyncpg.Connection) -> tuple[int, bool]:
            await db.execute(_SURVEY_LOCK, survey_id)
            row = await db.fetchrow(
                """SELECT s.current_version, v.fingerprint FROM surveys s JOIN survey_versions v
                   ON v.survey_id = s.id AND v.version = s.current_version WHERE s.id = $1""",
                survey_id,
            )
            if row is not None and row["fingerprint"] == fingerprint:
                return int(row["current_version"]), False
            if row is None:
                version = 1
                await db.execute(
                    "INSERT INTO surveys (id, current_version, status, created_at, updated_at)"
                    " VALUES ($1, 1, 'draft', $2, $2)",
                    survey_id, at,
                )
            else:
                version = int(row["current_version"]) + 1
                await db.execute(
                    "UPDATE surveys SET current_version = $1, updated_at = $2 WHERE id = $3",
                    version, at, survey_id,
                )
            await db.execute(
                "INSERT INTO survey_versions (survey_id, version, definition, fingerprint,"
                " source_text, loaded_at) VALUES ($1, $2, $3, $4, $5, $6)",
                survey_id, version, json.dumps(definition, ensure_ascii=False), fingerprint,
                source_text, at,
            )
            await _sync_statements(db, survey_id, version, statements, at)
            return version, True

        return await self._transact(work)

    def _survey(self, row: Row) -> SurveyRecord:
        return SurveyRecord(
            id=row["id"], version=row["version"], status=row["status"],
            definition=json.loads(row["definition"]), source_text=row["source_text"],
            created_at=row["created_at"], loaded_at=row["loaded_at"],
        )

    _SURVEY_SELECT = """SELECT s.id, s.status, s.created_at, v.version, v.definition,
        v.source_text, v.loaded_at FROM surveys s JOIN survey_versions v ON v.survey_id = s.id"""

    async def _version(self, survey_id: str, version: int, status: str) -> SurveyRecord | None:
        """A version's record (its definition parsed once per process) with `status`."""
        cached = self._versions.get((survey_id, version))
        if cached is None:
            row = await self._one(self._SURVEY_SELECT + " WHERE s.id = $1 AND v.version = $2",
                                  survey_id, version)
            if row is None:  # deleted in between
                return None
            cached = self._versions[(survey_id, version)] = self._survey(row)
        return replace(cached, status=status)

    async def get_survey(self, survey_id: str, version: int | None = None) -> SurveyRecord | None:
        head = await self._one(
            "SELECT s.status, v.version FROM surveys s JOIN survey_versions v"
            " ON v.survey_id = s.id WHERE s.id = $1"
            " AND v.version = COALESCE($2::integer, s.current_version)",
            survey_id, version,
        )
        if head is None:
            return None
        return await self._version(survey_id, int(head["version"]), head["status"])

    async def list_surveys(self) -> list[SurveyRecord]:
        heads = await self._all("SELECT id, current_version, status FROM surveys ORDER BY id")
        records = []
        for survey_id, version, status in heads:
            record = await self._version(survey_id, version, status)
            if record is not None:
                records.append(record)
        return records

    async def set_survey_status(self, survey_id: str, status: str, now: datetime) -> bool:
        async def work(db: asyncpg.Connection) -> bool:
            found = await db.fetchval(
                "UPDATE surveys SET status = $1, updated_at = $2 WHERE id = $3 RETURNING id",
                status, timestamp(now), survey_id,
            )
            return found is not None

        return await self._transact(work)

    # --- participants --------------------------------------------------------------------------

    async def get_participant(self, pseudonym: str) -> ParticipantRecord | None:
        row = await self._one(
            "SELECT id, pseudonym, language, created_at FROM participants WHERE pseudonym = $1",
            pseudonym,
        )
        return None if row is None else ParticipantRecord(*row)

    async def ensure_participant(self, pseudonym: str, now: datetime) -> ParticipantRecord:
        row = await self._write(
            """WITH made AS (
                   INSERT INTO participants (pseudonym, created_at) VALUES ($1, $2)
                   ON CONFLICT (pseudonym) DO NOTHING
                   RETURNING id, pseudonym, language, created_at)
               SELECT * FROM made UNION ALL
               SELECT id, pseudonym, language, created_at FROM participants
               WHERE pseudonym = $1""",
            pseudonym, timestamp(now),
        )
        if row is None:
            # Inserted by another process after this statement's snapshot was taken: visible
            # to the next statement.
            row = await self._one(
                "SELECT id, pseudonym, language, created_at FROM participants"
                " WHERE pseudonym = $1", pseudonym,
            )
        assert row is not None
        return ParticipantRecord(*row)

    async def set_language(self, participant_id: int, language: str) -> None:
        await self._write("UPDATE participants SET language = $1 WHERE id = $2",
                          language, participant_id)

    async def participant_data(self, participant_id: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        async with self._snapshot() as db:  # one consistent snapshot of every table
            for table in ("participants", *_PARTICIPANT_TABLES):
                column = "id" if table == "participants" else "participant_id"
                # Table and column names come from the constants above, never from input.
                rows = await db.fetch(
                    f"SELECT * FROM {table} WHERE {column} = $1", participant_id
                )
                data[table] = [
                    {k: json.loads(v) if k in _JSON_COLUMNS and v is not None else v
                     for k, v in row.items()}
                    for row in rows
                ]
        return data

    async def delete_participant(self, participant_id: int) -> bool:
        # Foreign keys cascade: their answers, votes, proposals (with the votes on them), ...
        async def work(db: asyncpg.Connection) -> bool:
            # Other citizens' drafts point at similar proposals (older drafts also copied the
            # text): drop the pointers to this citizen's proposals, as the SQLite store does.
            await db.execute(
                """UPDATE drafts SET "similar" = (
                       SELECT coalesce(json_agg(s.value), '[]'::json)
                       FROM json_array_elements(drafts."similar") s
                       WHERE (s.value ->> 'proposal_id')::bigint NOT IN
                             (SELECT id FROM proposals WHERE participant_id = $1))
                   WHERE participant_id != $1 AND EXISTS (
                       SELECT 1 FROM json_array_elements(drafts."similar") s
                       WHERE (s.value ->> 'proposal_id')::bigint IN
                             (SELECT id FROM proposals WHERE participant_id = $1))""",
                participant_id,
            )
            found = await db.fetchval(
                "DELETE FROM participants WHERE id = $1 RETURNING id", participant_id
            )
            return found is not None

        return await self._transact(work)

    # --- consent and progress ------------------------------------------------------------------

    async def start(
        self, participant_id: int, survey_id: str, version: int, first_step: str | None,
        now: datetime, then: Bookkeeping | None = None, language: str | None = None,
    ) -> None:
        at = timestamp(now)

        async def work(db: asyncpg.Connection) -> None:
            if language is not None:
                await db.execute("UPDATE participants SET language = $1 WHERE id = $2",
                                 language, participant_id)
            await db.execute(
                "INSERT INTO consents (participant_id, survey_id, survey_version, given_at)"
                " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                participant_id, survey_id, version, at,
            )
            await db.execute(
                "INSERT INTO progress (participant_id, survey_id, survey_version, current_step,"
                " started_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)"
                " ON CONFLICT DO NOTHING",
                participant_id, survey_id, version, first_step, at,
            )
            await keep_books_sql(db, participant_id, survey_id, then, at)

        await self._transact(work)

    async def get_progress(self, participant_id: int, survey_id: str) -> ProgressRecord | None:
        row = await self._one(
            """SELECT p.survey_version, p.current_step, p.offered_proposal, c.given_at,
                      p.started_at, p.completed_at
               FROM progress p JOIN consents c
                 ON c.participant_id = p.participant_id AND c.survey_id = p.survey_id
               WHERE p.participant_id = $1 AND p.survey_id = $2""",
            participant_id, survey_id,
        )
        return None if row is None else ProgressRecord(*row)

    async def participant_state(self, pseudonym: str, survey_id: str) -> ParticipantState:
        # One statement (one snapshot, one round trip); everything but the participant row comes
        # as one JSON document, decoded in one go, as in the SQLite store.
        row = await self._one(
            """SELECT p.id, p.pseudonym, p.language, p.created_at, json_build_array(
                 (SELECT json_build_array(g.survey_version, g.current_step, g.offered_proposal,
                                          c.given_at, g.started_at, g.completed_at)
                  FROM progress g JOIN consents c
                    ON c.participant_id = g.participant_id AND c.survey_id = g.survey_id
                  WHERE g.participant_id = p.id AND g.survey_id = $1),
                 (SELECT COALESCE(json_agg(json_build_array(step_id, survey_version, value,
                                                            skipped, answered_at)), '[]')
                  FROM answers WHERE participant_id = p.id AND survey_id = $1),
                 (SELECT COALESCE(json_agg(json_build_array(proposal_id, step_id, choice,
                                                            voted_at)), '[]')
                  FROM votes WHERE participant_id = p.id AND survey_id = $1),
                 (SELECT json_build_array(step_id, text, "similar", created_at) FROM drafts
                  WHERE participant_id = p.id AND survey_id = $1),
                 (SELECT COALESCE(json_object_agg(step_id, n), '{}') FROM (
                      SELECT step_id, COUNT(*) AS n FROM proposals
                      WHERE participant_id = p.id AND survey_id = $1 GROUP BY step_id) AS w)
               )::text FROM participants p WHERE p.pseudonym = $2""",
            survey_id, pseudonym,
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
            "SELECT * FROM answers WHERE participant_id = $1 AND survey_id = $2",
            participant_id, survey_id,
        )
        return {row["step_id"]: answer_record(row) for row in rows}

    async def save_step(
        self, participant_id: int, survey_id: str, cursor: Cursor, now: datetime,
        answer: tuple[str, AnswerValue, bool] | None = None,
        then: Bookkeeping | None = None,
    ) -> None:
        at = timestamp(now)
        step_id, value, skipped = answer if answer is not None else (None, None, False)
        # One statement: the answer (when there is one) and the progress row together.
        await self._write(
            f"""WITH answer AS (
                    INSERT INTO answers (participant_id, survey_id, step_id, survey_version,
                        value, skipped, answered_at)
                    SELECT $1, $2, $11, $12, $13::json, $14, $6 WHERE $11::text IS NOT NULL
                    ON CONFLICT (participant_id, survey_id, step_id) DO UPDATE SET
                        survey_version = excluded.survey_version, value = excluded.value,
                        skipped = excluded.skipped, answered_at = excluded.answered_at)
                {PROGRESS_UPDATE}""",
            *progress_arguments(participant_id, survey_id, at, cursor, then),
            step_id, cursor.survey_version,
            None if value is None else json.dumps(value, ensure_ascii=False), skipped,
        )

    async def keep_books(
        self, participant_id: int, survey_id: str, then: Bookkeeping, now: datetime
    ) -> None:
        at = timestamp(now)
        await self._write(PROGRESS_UPDATE,
                          *progress_arguments(participant_id, survey_id, at, then=then))


async def _sync_statements(
    db: asyncpg.Connection, survey_id: str, version: int, statements: Sequence[StatementSeed],
    at: str,
) -> None:
    """Keep organiser statements in step with the file (see the SQLite store's twin: a reworded
    statement is a new proposal; the old one is retired, keeping its votes)."""
    existing = await db.fetch(
        "SELECT id, statement_key, text, status FROM proposals"
        " WHERE survey_id = $1 AND statement_key IS NOT NULL ORDER BY id",
        survey_id,
    )
    wanted = {(seed.key, seed.text): seed for seed in statements}
    await lock_proposal_numbers(db, survey_id)
    for row in existing:
        seed = wanted.pop((row["statement_key"], row["text"]), None)
        if seed is not None:
            await db.execute(
                "UPDATE proposals SET translations = $1, status = 'approved' WHERE id = $2",
                json.dumps(seed.translations, ensure_ascii=False), row["id"],
            )
        elif row["status"] != "rejected":
            await db.execute("UPDATE proposals SET status = 'rejected' WHERE id = $1",
                             row["id"])
            await db.execute(
                "INSERT INTO moderation_log (proposal_id, moderator, action, reason, at)"
                " VALUES ($1, 'survey-file', 'reject', $2, $3)",
                row["id"], f"not in survey version {version}", at,
            )
    for seed in wanted.values():
        await db.execute(
            "INSERT INTO proposals (survey_id, statement_key, text, translations, status,"
            " created_at) VALUES ($1, $2, $3, $4, 'approved', $5)",
            survey_id, seed.key, seed.text, json.dumps(seed.translations, ensure_ascii=False),
            at,
        )
