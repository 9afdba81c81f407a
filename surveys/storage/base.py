"""The storage interface the engine uses: no SQL above this line.

A backend (SQLite: `sqlite.py`; PostgreSQL: `postgres.py`) implements `Store`. Every method
that writes is one transaction, committed durably before it returns, so the engine may
acknowledge what it recorded as soon as the call returns. Times are aware UTC datetimes going
in and ISO 8601 strings coming out (they are exported as text anyway).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

# JSON-able answer values: option id, option ids, scale value, text; None for "seen/done".
AnswerValue = str | int | list[str] | None

SURVEY_STATUSES = ("draft", "open", "closed")
PROPOSAL_STATUSES = ("pending", "approved", "rejected")
VOTE_CHOICES = ("agree", "disagree", "pass")


@dataclass(frozen=True)
class SurveyRecord:
    id: str
    version: int
    status: str
    definition: dict[str, Any]
    source_text: str
    created_at: str
    loaded_at: str


@dataclass(frozen=True)
class StatementSeed:
    """An organiser statement to keep among a survey's proposals (key = its id in the file)."""

    key: str
    text: str  # in the survey's first language: Pol.is's comment-body
    translations: dict[str, str]


@dataclass(frozen=True)
class ParticipantRecord:
    id: int  # the Pol.is participant number in exports
    pseudonym: str
    language: str | None
    created_at: str


@dataclass(frozen=True)
class ProgressRecord:
    survey_version: int
    current_step: str | None  # None once finished
    offered_proposal: int | None  # the vote item on screen, so a resume offers the same one
    consented_at: str
    started_at: str
    completed_at: str | None


@dataclass(frozen=True)
class Cursor:
    """Where a participant now is in a survey (written together with an answer)."""

    survey_version: int
    current_step: str | None
    completed: bool


@dataclass(frozen=True)
class AnswerRecord:
    participant_id: int
    step_id: str
    survey_version: int
    value: AnswerValue
    skipped: bool
    answered_at: str


@dataclass(frozen=True)
class DraftRecord:
    step_id: str
    text: str
    similar: list[dict[str, Any]]  # [{"proposal_id", "text", "score"}]
    created_at: str


@dataclass(frozen=True)
class ProposalRecord:
    id: int
    survey_id: str
    step_id: str | None
    participant_id: int | None  # None for organiser statements
    statement_key: str | None
    text: str
    translations: dict[str, str]
    language: str | None
    status: str
    created_at: str


@dataclass(frozen=True)
class VoteRecord:
    participant_id: int
    proposal_id: int
    step_id: str | None
    choice: str
    voted_at: str


@dataclass(frozen=True)
class ReportRecord:
    proposal_id: int
    reason: str
    reported_at: str


@dataclass(frozen=True)
class SurveyParticipantRecord:
    participant_id: int
    pseudonym: str
    language: str | None
    started_at: str
    completed_at: str | None


@dataclass(frozen=True)
class ParticipantState:
    """A participant (None: unknown pseudonym) and, in one survey, their progress (None: not
    started), answers by step, latest votes by proposal, draft, and proposals written per step
    (any status), read at one moment."""

    participant: ParticipantRecord | None
    progress: ProgressRecord | None
    answers: dict[str, AnswerRecord]
    votes: dict[int, VoteRecord]
    draft: DraftRecord | None = None
    written: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Bookkeeping:
    """What showing the resulting view records, in the same transaction as a call's writes:
    the vote item now on offer (when `set_offer`), and finishing under `finish_version`."""

    set_offer: bool = False
    offer: int | None = None
    finish_version: int | None = None


class Store(Protocol):
    """Everything the engine, the CLI and the export need from a database."""

    async def close(self) -> None: ...

    # surveys and versions
    async def save_survey_version(
        self,
        survey_id: str,
        definition: dict[str, Any],
        fingerprint: str,
        source_text: str,
        statements: Sequence[StatementSeed],
        now: datetime,
    ) -> tuple[int, bool]:
        """Store a new version unless the latest has this fingerprint: (version, changed)."""
        ...

    async def get_survey(self, survey_id: str, version: int | None = None) -> SurveyRecord | None:
        """The current (or a given) version."""
        ...

    async def list_surveys(self) -> list[SurveyRecord]: ...

    async def set_survey_status(self, survey_id: str, status: str, now: datetime) -> bool: ...

    # participants
    async def get_participant(self, pseudonym: str) -> ParticipantRecord | None: ...

    async def ensure_participant(self, pseudonym: str, now: datetime) -> ParticipantRecord: ...

    async def set_language(self, participant_id: int, language: str) -> None: ...

    async def participant_data(self, participant_id: int) -> dict[str, Any]:
        """Every row about one participant, JSON-ready (the /mydata answer)."""
        ...

    async def delete_participant(self, participant_id: int) -> bool: ...

    # consent and progress
    async def start(
        self, participant_id: int, survey_id: str, version: int, first_step: str | None,
        now: datetime, then: Bookkeeping | None = None, language: str | None = None,
    ) -> None:
        """Record consent and the start (no-op for the progress row if already started), and
        the participant's language when given."""
        ...

    async def get_progress(self, participant_id: int, survey_id: str) -> ProgressRecord | None: ...

    async def participant_state(self, pseudonym: str, survey_id: str) -> ParticipantState:
        """Participant, progress, answers, votes, draft and proposal counts together (one
        snapshot: the engine reads them when a participant is not in its cache)."""
        ...

    async def get_answers(self, participant_id: int, survey_id: str) -> dict[str, AnswerRecord]: ...

    async def save_step(
        self,
        participant_id: int,
        survey_id: str,
        cursor: Cursor,
        now: datetime,
        answer: tuple[str, AnswerValue, bool] | None = None,
        then: Bookkeeping | None = None,
    ) -> None:
        """Move the cursor, and record `answer` = (step_id, value, skipped), in one transaction."""
        ...

    async def keep_books(
        self, participant_id: int, survey_id: str, then: Bookkeeping, now: datetime
    ) -> None:
        """Only the bookkeeping of a view (a `view()` or a refused call)."""
        ...

    # proposals and drafts
    async def save_draft(
        self, participant_id: int, survey_id: str, step_id: str, text: str,
        similar: list[dict[str, Any]], now: datetime, then: Bookkeeping | None = None,
    ) -> None: ...

    async def get_draft(self, participant_id: int, survey_id: str) -> DraftRecord | None: ...

    async def delete_draft(
        self, participant_id: int, survey_id: str, then: Bookkeeping | None = None,
        now: datetime | None = None,
    ) -> bool: ...

    async def add_proposal(
        self, participant_id: int, survey_id: str, step_id: str, text: str, language: str,
        status: str, max_per_participant: int, now: datetime,
        advance: tuple[Cursor, tuple[str, AnswerValue, bool]] | None = None,
        then: Bookkeeping | None = None,
    ) -> int | None:
        """Insert, drop the draft, then `save_step` with `advance` if given; None (nothing
        stored) when the maximum is reached."""
        ...

    async def count_proposals(self, participant_id: int, survey_id: str, step_id: str) -> int: ...

    async def get_proposal(self, proposal_id: int) -> ProposalRecord | None: ...

    async def list_proposals(
        self, survey_id: str, statuses: Sequence[str] | None = None
    ) -> list[ProposalRecord]: ...

    async def next_pending(self, survey_id: str, after_id: int | None) -> ProposalRecord | None: ...

    async def moderate(
        self, proposal_id: int, status: str, moderator: str, reason: str, now: datetime
    ) -> bool:
        """Set the status and append to moderation_log, in one transaction."""
        ...

    # votes
    async def record_vote(
        self, participant_id: int, proposal_id: int, survey_id: str, step_id: str | None,
        choice: str, now: datetime, drop_draft: bool = False, then: Bookkeeping | None = None,
    ) -> None:
        """Replace the latest vote, append to the history, clear the offer if it was this one."""
        ...

    async def votes_of(self, participant_id: int, survey_id: str) -> dict[int, VoteRecord]: ...

    async def latest_votes(self, survey_id: str) -> list[VoteRecord]: ...

    async def vote_tallies(self, survey_id: str) -> dict[int, tuple[int, int, int]]:
        """(agree, disagree, pass) counts of the latest votes, per proposal."""
        ...

    async def vote_history(self, survey_id: str) -> list[VoteRecord]: ...

    # reports
    async def add_report(
        self, participant_id: int, proposal_id: int, reason: str, now: datetime
    ) -> bool: ...

    async def list_reports(self, survey_id: str) -> list[ReportRecord]: ...

    # survey-wide reads (stats, comparison, export)
    async def survey_participants(self, survey_id: str) -> list[SurveyParticipantRecord]: ...

    async def survey_answers(self, survey_id: str) -> list[AnswerRecord]: ...
