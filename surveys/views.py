"""What the engine hands back: plain frozen dataclasses the bot renders (see docs/engine-api.md).

Texts are already in the participant's language; nothing here refers to storage or Telegram.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from surveys.model import LocalizedText, StepType, VoteChoice

AnswerForm = str | int | tuple[str, ...]  # what `Engine.answer` takes and `previous` gives


class UnknownSurvey(LookupError):
    """An organiser command named a survey that was never loaded."""


class UnknownProposal(LookupError):
    """An organiser command named a proposal that does not exist."""


@dataclass(frozen=True)
class Rejection:
    """Why a call stored nothing: a stable `code` to translate, `params` for its placeholders."""

    code: str
    params: Mapping[str, int | str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


@dataclass(frozen=True)
class OptionView:
    id: str
    label: str


@dataclass(frozen=True)
class VoteItem:
    proposal_id: int
    text: str
    is_statement: bool


@dataclass(frozen=True)
class SimilarProposal:
    proposal_id: int
    text: str
    score: float


@dataclass(frozen=True)
class DraftView:
    text: str
    similar: tuple[SimilarProposal, ...]


@dataclass(frozen=True)
class StepView:
    status: str  # "unavailable" | "consent" | "step" | "finished"
    survey_id: str
    survey_version: int = 0
    language: str = ""
    title: str = ""
    intro: str = ""
    privacy: str = ""
    thanks: str | None = None
    unavailable_reason: str | None = None
    step_id: str | None = None
    step_type: StepType | None = None
    text: str = ""
    optional: bool = False
    options: tuple[OptionView, ...] = ()
    min_choices: int | None = None
    max_choices: int | None = None
    scale_min: int | None = None
    scale_max: int | None = None
    scale_min_label: str | None = None
    scale_max_label: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    previous: AnswerForm | None = None
    previously_skipped: bool = False
    position: int = 0
    total: int = 0
    can_go_back: bool = False
    proposals_written: int = 0
    proposals_max: int = 0
    draft: DraftView | None = None
    vote_item: VoteItem | None = None
    votes_cast: int = 0
    votes_target: int = 0
    items_left: int = 0


@dataclass(frozen=True)
class Outcome:
    view: StepView
    error: Rejection | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ProposalOutcome(Outcome):
    proposal_id: int | None = None
    pending: bool = False


@dataclass(frozen=True)
class SurveyInfo:
    id: str
    version: int
    title: LocalizedText
    status: str  # "draft" | "open" | "closed"
    opens: datetime | None
    closes: datetime | None
    available: bool
    unavailable_reason: str | None
    languages: tuple[str, ...]


@dataclass(frozen=True)
class LoadResult:
    survey_id: str
    version: int
    changed: bool


@dataclass(frozen=True)
class SurveyStats:
    survey_id: str
    version: int
    status: str
    participants: int  # consented
    completed: int
    completion_rate: float
    answers: int
    proposals: Mapping[str, int]  # by status
    votes: int  # latest, one per citizen and proposal
    vote_events: int
    votes_by_choice: Mapping[str, int]
    reports: int
    approved_judged: int = 0  # approved proposals (statements included) with at least one vote


@dataclass(frozen=True)
class PendingProposal:
    proposal_id: int
    survey_id: str
    text: str
    language: str | None
    status: str
    created_at: str
    reports: int


@dataclass(frozen=True)
class ReportInfo:
    proposal_id: int
    text: str
    status: str
    reports: int
    reasons: tuple[str, ...]
    last_reported_at: str


@dataclass(frozen=True)
class QuestionComparison:
    step_id: str
    question: str
    answer_label: str
    same_share: float  # of the others who answered the step, the share who answered the same
    others: int


@dataclass(frozen=True)
class VoteComparison:
    proposal_id: int
    text: str
    choice: VoteChoice
    same_share: float
    others: int


@dataclass(frozen=True)
class Comparison:
    participants: int
    questions: tuple[QuestionComparison, ...]
    votes: tuple[VoteComparison, ...]
