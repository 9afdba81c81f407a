"""Survey files: good files become the right model objects, bad ones the right problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveys.model import (
    Condition,
    ModerationMode,
    MultipleChoiceStep,
    ScaleStep,
    SingleChoiceStep,
    StepType,
)
from surveys.surveyfile import check_survey_file, load_survey

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "surveys" / "examples").glob("*.yaml"))


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 1


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_every_example_validates(path: Path) -> None:
    assert [str(problem) for problem in check_survey_file(path)] == []
    survey = load_survey(path)
    assert survey.source_text == path.read_text(encoding="utf-8")
    assert {"nl", "en"} <= set(survey.languages)


def test_dutch_example_becomes_the_right_objects() -> None:
    survey = load_survey(EXAMPLES[0].with_name("zorg-bezuinigen.yaml"))
    assert survey.id == "zorg-bezuinigen"
    assert survey.languages == ("nl", "en")
    assert survey.moderation is ModerationMode.PRE
    assert survey.title.get("nl") == "Waar zou ú bezuinigen in de zorg?"
    assert survey.opens is not None and survey.closes is not None and survey.opens < survey.closes
    assert survey.statements[0].id == "eigen-risico-afschaffen"
    betrokkenheid = survey.step("betrokkenheid")
    assert isinstance(betrokkenheid, SingleChoiceStep)
    assert [option.id for option in betrokkenheid.options][:2] == ["patient", "mantelzorger"]
    scale = survey.step("tevredenheid")
    assert isinstance(scale, ScaleStep) and (scale.minimum, scale.maximum) == (1, 5)
    assert scale.min_label is not None and scale.min_label.get("en") == "Very dissatisfied"
    follow_up = survey.step("ontevreden-over")
    assert isinstance(follow_up, MultipleChoiceStep)
    assert (follow_up.min_choices, follow_up.max_choices) == (1, 3)
    assert follow_up.show_if == Condition("tevredenheid", ("1", "2"))
    assert [step.type for step in survey.steps][-3:] == [
        StepType.PROPOSALS,
        StepType.VOTE,
        StepType.FREE_TEXT,
    ]
