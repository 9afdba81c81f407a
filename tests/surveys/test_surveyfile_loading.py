"""Good survey files become the right model objects.

The examples, every step type and its fields, survey-level fields, a byte order mark, and the
complete survey shown in docs/survey-files.md.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

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
    StepType,
    VoteStep,
)
from surveys.surveyfile import check_survey_file, load_survey, parse_survey
from tests.surveys.surveyfile_helpers import BASE, EXAMPLES, problems, with_step


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


def test_base_is_valid() -> None:
    survey = parse_survey(BASE, "s.yaml")
    assert survey.languages == ("en",)
    assert survey.title == LocalizedText({"en": "Demo"})
    assert survey.moderation is ModerationMode.POST
    assert survey.opens is None and survey.thanks is None and survey.statements == ()
    assert survey.source_text == BASE
    colour = survey.steps[0]
    assert colour == SingleChoiceStep(
        id="colour",
        text=LocalizedText({"en": "Favourite colour?"}),
        options=(
            Option("red", LocalizedText({"en": "Red"})),
            Option("blue", LocalizedText({"en": "Blue"})),
        ),
    )


def test_every_step_type_and_its_fields() -> None:
    survey = parse_survey(
        with_step(
            "- {id: many, type: multiple_choice, text: Pick, min: 0, max: 2, options: "
            "[{id: a, label: A}, {id: b, label: B}, {id: c, label: C}]}",
            "- {id: note, type: free_text, text: Say, max_length: 200, optional: true}",
            "- {id: ideas, type: proposals, text: Ideas, max_per_participant: 2,"
            " min_length: 5, max_length: 100}",
            "- {id: judge, type: vote, text: Judge, votes_per_participant: 7}",
            "- {id: bye, type: info, text: Bye, show_if: {step: mood, is: [4, 5]}}",
        )
    )
    many, note, ideas, judge, bye = survey.steps[2:]
    assert isinstance(many, MultipleChoiceStep)
    assert (many.min_choices, many.max_choices, len(many.options)) == (0, 2, 3)
    assert note == FreeTextStep(
        id="note", text=LocalizedText({"en": "Say"}), optional=True, max_length=200
    )
    assert isinstance(ideas, ProposalsStep)
    assert (ideas.max_per_participant, ideas.min_length, ideas.max_length) == (2, 5, 100)
    assert isinstance(judge, VoteStep) and judge.votes_per_participant == 7
    assert isinstance(bye, InfoStep) and bye.show_if == Condition("mood", ("4", "5"))


def test_defaults_follow_the_model() -> None:
    survey = parse_survey(
        with_step(
            "- {id: many, type: multiple_choice, text: Pick, options: "
            "[{id: a, label: A}, {id: b, label: B}]}"
        )
    )
    many = survey.steps[2]
    assert isinstance(many, MultipleChoiceStep)
    assert (many.min_choices, many.max_choices) == (1, None)


def test_texts_are_taken_literally() -> None:
    # YAML 1.1 would make `Yes` a boolean and `2025` a number; organisers mean the text.
    survey = parse_survey(BASE.replace("label: Red", "label: Yes").replace("Demo", "2025"))
    colour = survey.steps[0]
    assert isinstance(colour, SingleChoiceStep)
    assert colour.options[0].label.get("en") == "Yes"
    assert survey.title.get("en") == "2025"


def test_survey_level_fields() -> None:
    text = BASE.replace("[en]", "[nl, en]")
    for name in ("title", "intro", "privacy"):
        text = text.replace(f"{name}: ", f"{name}: {{nl: {name} nl, en: {name} en}} # ", 1)
    text = text.replace("text: Favourite colour?", "text: {nl: 'Kleur?', en: 'Colour?'}")
    text = text.replace("text: How do you feel?", "text: {nl: 'Hoe gaat het?', en: 'How are you?'}")
    text = text.replace("label: Red", "label: {nl: Rood, en: Red}")
    text = text.replace("label: Blue", "label: {nl: Blauw, en: Blue}")
    text += (
        "thanks: {nl: Dank, en: Thanks}\n"
        "opens: 2025-03-01T09:00:00+01:00\n"
        "closes: 2025-04-01 00:00:00Z\n"
        "moderation: pre\n"
        "statements:\n"
        "  - {id: s1, text: {nl: Stelling, en: Statement}}\n"
    )
    survey = parse_survey(text)
    assert survey.languages == ("nl", "en")
    assert survey.title == LocalizedText({"nl": "title nl", "en": "title en"})
    assert survey.thanks is not None and survey.thanks.get("nl") == "Dank"
    assert survey.opens == datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    assert survey.closes == datetime(2025, 4, 1, tzinfo=UTC)
    assert survey.moderation is ModerationMode.PRE
    assert survey.statements == (
        Statement("s1", LocalizedText({"nl": "Stelling", "en": "Statement"})),
    )


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert check_survey_file(path) == []
    assert load_survey(path).id == "demo"


def test_the_minimal_survey_in_the_docs_is_valid() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "survey-files.md"
    blocks = docs.read_text(encoding="utf-8").split("```yaml\n")[1:]
    complete = [block.split("```")[0] for block in blocks if block.startswith("id:")]
    assert complete, "the reference should show a complete survey"
    for text in complete:
        assert problems(text) == []
