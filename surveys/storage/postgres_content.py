"""What citizens contribute beyond answers: drafts, proposals, votes, reports (PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg

from surveys.storage.base import (
    AnswerRecord,
    AnswerValue,
    Bookkeeping,
    Cursor,
    DraftRecord,
    ProposalRecord,
    ReportRecord,
    SurveyParticipantRecord,
    VoteRecord,
)
from surveys.storage.connection import answer_record, proposal_record, timestamp, vote_record
from surveys.storage.postgres_connection import (
    PROGRESS_UPDATE,
    PostgresConnection,
    keep_books_sql,
    lock_participant,
    lock_proposal_numbers,
    progress_arguments,
    save_step_sql,
)


class PostgresContentQueries(PostgresConnection):
    # --- drafts --------------------------------------------------------------------------------

    async def save_draft(
        self, participant_id: int, survey_id: str, step_id: str, text: str,
        similar: list[dict[str, Any]], now: datetime, then: Bookkeeping | None = None,
    ) -> None:
        at = timestamp(now)
        await self._write(
            f"""WITH draft AS (
                    INSERT INTO drafts (participant_id, survey_id, step_id, text, "similar",
                        created_at) VALUES ($1, $2, $11, $12, $13, $6)
                    ON CONFLICT (participant_id, survey_id) DO UPDATE SET
                        step_id = excluded.step_id, text = excluded.text,
                        "similar" = excluded."similar", created_at = excluded.created_at)
                {PROGRESS_UPDATE}""",
            *progress_arguments(participant_id, survey_id, at, then=then),
            step_id, text, json.dumps(similar, ensure_ascii=False),
        )

    async def get_draft(self, participant_id: int, survey_id: str) -> DraftRecord | None:
        row = await self._one(
            'SELECT step_id, text, "similar", created_at FROM drafts'
            " WHERE participant_id = $1 AND survey_id = $2",
            participant_id, survey_id,
        )
        if row is None:
            return None
        return DraftRecord(row["step_id"], row["text"], json.loads(row["similar"]),
                           row["created_at"])

    async def delete_draft(
        self, participant_id: int, survey_id: str, then: Bookkeeping | None = None,
        now: datetime | None = None,
    ) -> bool:
        at = timestamp(now or datetime.now(UTC))
        # The bookkeeping only when there was a draft to delete.
        row = await self._write(
            f"""WITH deleted AS (
                    DELETE FROM drafts WHERE participant_id = $1 AND survey_id = $2 RETURNING 1),
                books AS ({PROGRESS_UPDATE} AND EXISTS (SELECT 1 FROM deleted))
                SELECT EXISTS (SELECT 1 FROM deleted)""",
            *progress_arguments(participant_id, survey_id, at, then=then),
        )
        return bool(row and row[0])

    # --- proposals -----------------------------------------------------------------------------

    async def add_proposal(
        self, participant_id: int, survey_id: str, step_id: str, text: str, language: str,
        status: str, max_per_participant: int, now: datetime,
        advance: tuple[Cursor, tuple[str, AnswerValue, bool]] | None = None,
        then: Bookkeeping | None = None,
    ) -> int | None:
        at = timestamp(now)

        async def work(db: asyncpg.Connection) -> int | None:
            # Counted with the participant locked: a "confirm" double-tapped into two processes
            # cannot exceed the limit either.
            await lock_participant(db, participant_id)
            written = await db.fetchval(
                "SELECT COUNT(*) FROM proposals"
                " WHERE participant_id = $1 AND survey_id = $2 AND step_id = $3",
                participant_id, survey_id, step_id,
            )
            if written >= max_per_participant:
                return None
            await lock_proposal_numbers(db, survey_id)
            proposal_id = await db.fetchval(
                "INSERT INTO proposals (survey_id, step_id, participant_id, text, language,"
                " status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                survey_id, step_id, participant_id, text, language, status, at,
            )
            await db.execute("DELETE FROM drafts WHERE participant_id = $1 AND survey_id = $2",
                             participant_id, survey_id)
            if advance is not None:
                await save_step_sql(db, participant_id, survey_id, advance[0], at, advance[1])
            await keep_books_sql(db, participant_id, survey_id, then, at)
            return int(proposal_id)

        return await self._transact(work)

    async def count_proposals(self, participant_id: int, survey_id: str, step_id: str) -> int:
        return int(await self._pool.fetchval(
            "SELECT COUNT(*) FROM proposals"
            " WHERE participant_id = $1 AND survey_id = $2 AND step_id = $3",
            participant_id, survey_id, step_id,
        ))

    async def get_proposal(self, proposal_id: int) -> ProposalRecord | None:
        row = await self._one("SELECT * FROM proposals WHERE id = $1", proposal_id)
        return None if row is None else proposal_record(row)

    async def list_proposals(
        self, survey_id: str, statuses: Sequence[str] | None = None
    ) -> list[ProposalRecord]:
        rows = await self._all(
            "SELECT * FROM proposals WHERE survey_id = $1 ORDER BY id", survey_id
        )
        records = [proposal_record(row) for row in rows]
        return records if statuses is None else [r for r in records if r.status in statuses]

    async def next_pending(self, survey_id: str, after_id: int | None) -> ProposalRecord | None:
        row = await self._one(
            "SELECT * FROM proposals WHERE survey_id = $1 AND status = 'pending' AND id > $2"
            " ORDER BY id LIMIT 1",
            survey_id, after_id or 0,
        )
        return None if row is None else proposal_record(row)

    async def moderate(
        self, proposal_id: int, status: str, moderator: str, reason: str, now: datetime
    ) -> bool:
        action = {"approved": "approve", "rejected": "reject"}[status]

        async def work(db: asyncpg.Connection) -> bool:
            found = await db.fetchval(
                "UPDATE proposals SET status = $1 WHERE id = $2 RETURNING id",
                status, proposal_id,
            )
            if found is None:
                return False
            await db.execute(
                "INSERT INTO moderation_log (proposal_id, moderator, action, reason, at)"
                " VALUES ($1, $2, $3, $4, $5)",
                proposal_id, moderator, action, reason, timestamp(now),
            )
            return True

        return await self._transact(work)

    # --- votes ---------------------------------------------------------------------------------

    async def record_vote(
        self, participant_id: int, proposal_id: int, survey_id: str, step_id: str | None,
        choice: str, now: datetime, drop_draft: bool = False, then: Bookkeeping | None = None,
    ) -> None:
        at = timestamp(now)
        # One statement: the latest vote, the history, the draft (if dropped) and the progress
        # row (the offer cleared when it was this proposal, then the bookkeeping).
        await self._write(
            f"""WITH vote AS (
                    INSERT INTO votes (participant_id, proposal_id, survey_id, step_id, choice,
                        voted_at) VALUES ($1, $10, $2, $11, $12, $6)
                    ON CONFLICT (participant_id, proposal_id) DO UPDATE SET
                        step_id = excluded.step_id, choice = excluded.choice,
                        voted_at = excluded.voted_at),
                history AS (
                    INSERT INTO vote_history (participant_id, proposal_id, survey_id, step_id,
                        choice, voted_at) VALUES ($1, $10, $2, $11, $12, $6)),
                draft AS (
                    DELETE FROM drafts WHERE $13 AND participant_id = $1 AND survey_id = $2)
                {PROGRESS_UPDATE}""",
            *progress_arguments(participant_id, survey_id, at, then=then, voted=proposal_id),
            step_id, choice, drop_draft,
        )

    async def votes_of(self, participant_id: int, survey_id: str) -> dict[int, VoteRecord]:
        rows = await self._all(
            "SELECT * FROM votes WHERE participant_id = $1 AND survey_id = $2",
            participant_id, survey_id,
        )
        return {row["proposal_id"]: vote_record(row) for row in rows}

    async def latest_votes(self, survey_id: str) -> list[VoteRecord]:
        rows = await self._all(
            "SELECT * FROM votes WHERE survey_id = $1 ORDER BY participant_id, proposal_id",
            survey_id,
        )
        return [vote_record(row) for row in rows]

    async def vote_tallies(self, survey_id: str) -> dict[int, tuple[int, int, int]]:
        rows = await self._all(
            """SELECT proposal_id, COUNT(*) FILTER (WHERE choice = 'agree'),
                      COUNT(*) FILTER (WHERE choice = 'disagree'),
                      COUNT(*) FILTER (WHERE choice = 'pass')
               FROM votes WHERE survey_id = $1 GROUP BY proposal_id""",
            survey_id,
        )
        return {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in rows}

    async def vote_history(self, survey_id: str) -> list[VoteRecord]:
        rows = await self._all(
            "SELECT * FROM vote_history WHERE survey_id = $1 ORDER BY id", survey_id
        )
        return [vote_record(row) for row in rows]

    # --- reports -------------------------------------------------------------------------------

    async def add_report(
        self, participant_id: int, proposal_id: int, reason: str, now: datetime
    ) -> bool:
        added = await self._write(
            "INSERT INTO reports (proposal_id, participant_id, reason, reported_at)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id",
            proposal_id, participant_id, reason, timestamp(now),
        )
        return added is not None

    async def list_reports(self, survey_id: str) -> list[ReportRecord]:
        rows = await self._all(
            """SELECT r.proposal_id, r.reason, r.reported_at FROM reports r
               JOIN proposals p ON p.id = r.proposal_id WHERE p.survey_id = $1 ORDER BY r.id""",
            survey_id,
        )
        return [ReportRecord(*row) for row in rows]

    # --- survey-wide reads ---------------------------------------------------------------------

    async def survey_participants(self, survey_id: str) -> list[SurveyParticipantRecord]:
        rows = await self._all(
            """SELECT p.id, p.pseudonym, p.language, g.started_at, g.completed_at
               FROM progress g JOIN participants p ON p.id = g.participant_id
               WHERE g.survey_id = $1 ORDER BY p.id""",
            survey_id,
        )
        return [SurveyParticipantRecord(*row) for row in rows]

    async def survey_answers(self, survey_id: str) -> list[AnswerRecord]:
        rows = await self._all(
            "SELECT * FROM answers WHERE survey_id = $1"
            " ORDER BY participant_id, answered_at, step_id",
            survey_id,
        )
        return [answer_record(row) for row in rows]
