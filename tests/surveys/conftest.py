"""Fixtures for the survey engine tests: a small survey with every step type, and engines."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from surveys.engine import Engine
from surveys.model import (
    Condition,
    FreeTextStep,
    InfoStep,
    LocalizedText,
    ModerationMode,
    MultipleChoiceStep,
    Option,
    ProposalsStep,
    ScaleStep,
    SingleChoiceStep,
    Statement,
    Survey,
    VoteStep,
)

SECRET = b"test-secret"


def text(en: str, nl: str | None = None) -> LocalizedText:
    return LocalizedText({"en": en, "nl": nl or f"NL {en}"})


def make_survey(
    survey_id: str = "town", moderation: ModerationMode = ModerationMode.POST,
    votes_per_participant: int = 3, max_proposals: int = 2, **changes: object,
) -> Survey:
    steps = (
        InfoStep("welcome", text("Welcome")),
        SingleChoiceStep("car", text("Do you own a car?"),
                         options=(Option("yes", text("Yes")), Option("no", text("No")))),
        FreeTextStep("car_use", text("What for?"), max_length=20,
                     show_if=Condition("car", ("yes",))),
        MultipleChoiceStep("topics", text("Topics"), min_choices=1, max_choices=2,
                           options=tuple(Option(o, text(o.title())) for o in
                                         ("parks", "roads", "schools"))),
        ScaleStep("trust", text("Trust the council?"), optional=True, minimum=1, maximum=5,
                  min_label=text("None"), max_label=text("Full")),
        ProposalsStep("ideas", text("Your ideas"), max_per_participant=max_proposals,
                      min_length=5, max_length=200),
        VoteStep("judge", text("Judge these"), votes_per_participant=votes_per_participant),
    )
    fields: dict[str, object] = {
        "id": survey_id, "title": text("Our town"), "intro": text("About our town"),
        "languages": ("en", "nl"), "privacy": text("We store pseudonyms"), "steps": steps,
        "statements": (Statement("s1", text("More trees")), Statement("s2", text("Less cars"))),
        "moderation": moderation,
    }
    fields.update(changes)
    return Survey(**fields)  # type: ignore[arg-type]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A SQLite file, for tests about SQLite itself (most take `database`: both backends)."""
    return tmp_path / "samen.db"


@pytest.fixture
async def engine(database: str | Path, clock: Clock) -> AsyncIterator[Engine]:
    """An engine on a fresh database, once on SQLite and once on PostgreSQL (tests/conftest.py)."""
    async with await Engine.open(database, SECRET, rng=random.Random(1), clock=clock) as opened:
        yield opened


@pytest.fixture
def survey_factory() -> Callable[..., Survey]:
    return make_survey


@pytest.fixture
async def town(engine: Engine) -> Survey:
    survey = make_survey()
    await engine.load_survey(survey)
    await engine.open_survey(survey.id)
    return survey
