"""The survey as organisers describe it: plain, immutable data.

A survey file (YAML) is parsed and validated into these objects by `surveys.surveyfile`;
the engine, the bot and the report only ever see these, never raw YAML.

Every text a participant reads is a `LocalizedText`: one string per language code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType


@dataclass(frozen=True)
class LocalizedText:
    """One text in several languages, e.g. {"nl": "Welkom", "en": "Welcome"}."""

    values: Mapping[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def get(self, language: str, fallback: str = "en") -> str:
        """The text in `language`, else in `fallback`, else in any language given."""
        if language in self.values:
            return self.values[language]
        if fallback in self.values:
            return self.values[fallback]
        return next(iter(self.values.values()), "")

    @classmethod
    def same(cls, text: str, languages: tuple[str, ...]) -> LocalizedText:
        """The same text in every language (names, numbers)."""
        return cls({language: text for language in languages})


class StepType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SCALE = "scale"
    FREE_TEXT = "free_text"
    PROPOSALS = "proposals"
    VOTE = "vote"
    INFO = "info"


class ModerationMode(StrEnum):
    PRE = "pre"  # proposals are pending until an organiser approves them
    POST = "post"  # proposals are shown at once; organisers may remove them later


class VoteChoice(StrEnum):
    """A participant's judgement of a proposal; Pol.is codes them +1 / -1 / 0."""

    AGREE = "agree"
    DISAGREE = "disagree"
    PASS = "pass"

    @property
    def polis_value(self) -> int:
        return {"agree": 1, "disagree": -1, "pass": 0}[self.value]


@dataclass(frozen=True)
class Option:
    id: str
    label: LocalizedText


@dataclass(frozen=True)
class Condition:
    """Show a step only when an earlier step's answer is one of `any_of`.

    For a multiple-choice step the condition holds when any chosen option is in `any_of`;
    for a scale step `any_of` holds the scale values as strings ("4", "5").
    """

    step_id: str
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """Fields common to every step type."""

    id: str
    text: LocalizedText
    optional: bool = False
    show_if: Condition | None = None

    @property
    def type(self) -> StepType:
        raise NotImplementedError


@dataclass(frozen=True)
class InfoStep(Step):
    type = StepType.INFO  # type: ignore[assignment]


@dataclass(frozen=True)
class SingleChoiceStep(Step):
    options: tuple[Option, ...] = ()
    type = StepType.SINGLE_CHOICE  # type: ignore[assignment]


@dataclass(frozen=True)
class MultipleChoiceStep(Step):
    options: tuple[Option, ...] = ()
    min_choices: int = 1
    max_choices: int | None = None  # None: as many as there are options
    type = StepType.MULTIPLE_CHOICE  # type: ignore[assignment]


@dataclass(frozen=True)
class ScaleStep(Step):
    minimum: int = 1
    maximum: int = 5
    min_label: LocalizedText | None = None
    max_label: LocalizedText | None = None
    type = StepType.SCALE  # type: ignore[assignment]


@dataclass(frozen=True)
class FreeTextStep(Step):
    max_length: int = 1000
    type = StepType.FREE_TEXT  # type: ignore[assignment]


@dataclass(frozen=True)
class ProposalsStep(Step):
    """Participants write their own proposals, up to `max_per_participant`."""

    max_per_participant: int = 3
    min_length: int = 10
    max_length: int = 500
    type = StepType.PROPOSALS  # type: ignore[assignment]


@dataclass(frozen=True)
class VoteStep(Step):
    """Participants judge up to `votes_per_participant` proposals and seeded statements."""

    votes_per_participant: int = 10
    type = StepType.VOTE  # type: ignore[assignment]


@dataclass(frozen=True)
class Statement:
    """A statement the organiser seeds for voting, beside the citizens' own proposals."""

    id: str
    text: LocalizedText


@dataclass(frozen=True)
class Survey:
    id: str
    title: LocalizedText
    intro: LocalizedText
    languages: tuple[str, ...]
    privacy: LocalizedText
    steps: tuple[Step, ...]
    statements: tuple[Statement, ...] = ()
    moderation: ModerationMode = ModerationMode.POST
    opens: datetime | None = None
    closes: datetime | None = None
    thanks: LocalizedText | None = None
    source_text: str = field(default="", compare=False, repr=False)  # the YAML as loaded

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def step_index(self, step_id: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.id == step_id)
