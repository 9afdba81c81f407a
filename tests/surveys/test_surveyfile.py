"""Survey files: good files become the right model objects, bad ones the right problems."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

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
from surveys.surveyfile import (
    Problem,
    SurveyFileError,
    check_survey_file,
    check_survey_text,
    load_survey,
    parse_survey,
)

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


# A small valid one-language survey; the tests below change or extend it. Line numbers:
# steps[0] starts on line 7, steps[1] on line 13, and a step appended by `with_step` on line 18.
BASE = """\
id: demo
languages: [en]
title: Demo
intro: Hello
privacy: We keep nothing.
steps:
  - id: colour
    type: single_choice
    text: Favourite colour?
    options:
      - {id: red, label: Red}
      - {id: blue, label: Blue}
  - id: mood
    type: scale
    text: How do you feel?
    min: 1
    max: 5
"""


def with_step(*lines: str) -> str:
    return BASE + "".join(f"  {line}\n" for line in lines)


def problems(text: str) -> list[str]:
    return [str(problem) for problem in check_survey_text(text, "s.yaml")]


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


BAD_INPUTS = {
    "unknown field": (
        BASE + "titel: x\n",
        ["s.yaml:18: titel: unknown field; did you mean 'title'?"],
    ),
    "misspelt step field": (
        with_step("- id: x", "  type: single_choice", "  text: t", "  opions: [a, b]"),
        [
            "s.yaml:18: steps[2].options: required field is missing",
            "s.yaml:21: steps[2].opions: unknown field; did you mean 'options'?",
        ],
    ),
    "field of another step type": (
        with_step("- id: x", "  type: free_text", "  text: t", "  options: []"),
        [
            "s.yaml:21: steps[2].options: unknown field here: 'options' belongs to "
            "single_choice and multiple_choice steps, not free_text"
        ],
    ),
    "unknown step type": (
        with_step("- id: x", "  type: singel_choice", "  text: t"),
        [
            "s.yaml:19: steps[2].type: unknown step type 'singel_choice'; "
            "did you mean 'single_choice'?"
        ],
    ),
    "duplicate step id": (
        with_step("- id: colour", "  type: info", "  text: t"),
        ["s.yaml:18: steps[2].id: duplicate step id 'colour' (also steps[0] on line 7)"],
    ),
    "duplicate option id": (
        BASE.replace("{id: blue", "{id: red"),
        ["s.yaml:12: steps[0].options[1].id: duplicate option id 'red' (first on line 11)"],
    ),
    "duplicate key": (
        BASE.replace("title: Demo\n", "title: Demo\ntitle: Again\n"),
        ["s.yaml:4: title: given twice (first on line 3)"],
    ),
    "missing survey field": (
        BASE.replace("privacy: We keep nothing.\n", ""),
        ["s.yaml:1: privacy: required field is missing"],
    ),
    "missing step text": (
        with_step("- id: x", "  type: info"),
        ["s.yaml:18: steps[2].text: required field is missing"],
    ),
    "wrong type: number": (
        BASE.replace("max: 5", "max: five"),
        ["s.yaml:17: steps[1].max: expected a whole number, found 'five'"],
    ),
    "wrong type: boolean": (
        with_step("- {id: x, type: info, text: t, optional: maybe}"),
        ["s.yaml:18: steps[2].optional: expected true or false, found 'maybe'"],
    ),
    "wrong type: list for text": (
        BASE.replace("intro: Hello", "intro: [Hello]"),
        ["s.yaml:4: intro: expected text, found a list"],
    ),
    "empty text": (
        BASE.replace("intro: Hello", "intro: ''"),
        ["s.yaml:4: intro: text is empty"],
    ),
    "bad id": (
        BASE.replace("id: demo", "id: Zorg Bezuinigen"),
        [
            "s.yaml:1: id: 'Zorg Bezuinigen' is not a valid id: use lowercase letters, digits, "
            "'-' and '_' (e.g. 'zorg-bezuinigen')"
        ],
    ),
    "missing translations": (
        BASE.replace("[en]", "[en, nl]").replace("title: Demo", "title: {en: Demo, de: Demo}"),
        [
            "s.yaml:3: title.de: language not among the survey's languages (en, nl)",
            "s.yaml:3: title.nl: translation is missing",
            "s.yaml:4: intro: give this text in every language: {en: ..., nl: ...}",
            "s.yaml:5: privacy: give this text in every language: {en: ..., nl: ...}",
            "s.yaml:9: steps[0].text: give this text in every language: {en: ..., nl: ...}",
            "s.yaml:11: steps[0].options[0].label: give this text in every language: "
            "{en: ..., nl: ...}",
            "s.yaml:12: steps[0].options[1].label: give this text in every language: "
            "{en: ..., nl: ...}",
            "s.yaml:15: steps[1].text: give this text in every language: {en: ..., nl: ...}",
        ],
    ),
    "nested missing translation": (
        BASE.replace("label: Red", "label: {en: Red, nl: Rood}"),
        ["s.yaml:11: steps[0].options[0].label.nl: language not among the survey's languages (en)"],
    ),
    "comma inside a flow mapping": (
        BASE.replace("label: Red", "label: {en: Red, or pink}"),
        [
            "s.yaml:11: steps[0].options[0].label.or pink: language not among the survey's "
            "languages (en); a comma inside {...} ends a text: put such texts in quotes"
        ],
    ),
    "unsupported language": (
        BASE.replace("[en]", "[en, xx]"),
        [
            "s.yaml:2: languages[1]: unsupported language 'xx' (supported: nl, en, de, fr, es, pl, "
            "tr, ar, uk)"
        ],
    ),
    "neither nl nor en": (
        BASE.replace("[en]", "[de]"),
        [
            "s.yaml:2: languages: include nl or en: the bot's own buttons and messages exist in "
            "those languages"
        ],
    ),
    "condition on a later step": (
        with_step(
            "- {id: x, type: info, text: t, show_if: {step: y, is: 1}}",
            "- {id: y, type: scale, text: t}",
        ),
        [
            "s.yaml:18: steps[2].show_if.step: step 'y' comes later (steps[3]); "
            "a condition can only look back"
        ],
    ),
    "condition on itself": (
        with_step("- id: x", "  type: scale", "  text: t", "  show_if: {step: x, is: 1}"),
        ["s.yaml:21: steps[2].show_if.step: a step cannot depend on its own answer"],
    ),
    "condition on an unknown step": (
        with_step("- {id: x, type: info, text: t, show_if: {step: colur, is: red}}"),
        ["s.yaml:18: steps[2].show_if.step: no step has id 'colur'; did you mean 'colour'?"],
    ),
    "condition on free text": (
        with_step(
            "- {id: x, type: free_text, text: t}",
            "- {id: y, type: info, text: t, show_if: {step: x, is: hi}}",
        ),
        [
            "s.yaml:19: steps[3].show_if.step: step 'x' is a free_text step; conditions can only "
            "look at single_choice, multiple_choice, scale steps"
        ],
    ),
    "condition on a missing option": (
        with_step(
            "- id: x",
            "  type: info",
            "  text: t",
            "  show_if:",
            "    step: colour",
            "    is: [red, gren]",
        ),
        [
            "s.yaml:23: steps[2].show_if.is[1]: 'gren' is not an option of step 'colour' "
            "(options: red, blue)"
        ],
    ),
    "condition outside the scale": (
        with_step("- {id: x, type: info, text: t, show_if: {step: mood, is: 7}}"),
        ["s.yaml:18: steps[2].show_if.is: '7' is not a point on the scale of step 'mood' (1 to 5)"],
    ),
    "condition without a value": (
        with_step("- id: x", "  type: info", "  text: t", "  show_if: {step: mood}"),
        ["s.yaml:21: steps[2].show_if.is: required field is missing"],
    ),
    "min more than max": (
        with_step(
            "- id: x",
            "  type: multiple_choice",
            "  text: t",
            "  min: 3",
            "  max: 2",
            "  options: [{id: a, label: A}, {id: b, label: B}, {id: c, label: C}]",
        ),
        ["s.yaml:21: steps[2].min: min (3) is more than max (2)"],
    ),
    "max more than the options": (
        BASE.replace("type: single_choice", "type: multiple_choice\n    max: 3"),
        ["s.yaml:9: steps[0].max: max (3) is more than the number of options (2)"],
    ),
    "proposal lengths": (
        with_step("- {id: p, type: proposals, text: t, min_length: 50, max_length: 20}"),
        ["s.yaml:18: steps[2].min_length: min_length (50) is more than max_length (20)"],
    ),
    "scale too large": (
        BASE.replace("max: 5", "max: 20"),
        [
            "s.yaml:17: steps[1].max: a scale of 20 points (1 to 20) is too long for a keyboard; "
            "at most 11"
        ],
    ),
    "scale going down": (
        BASE.replace("max: 5", "max: 1"),
        ["s.yaml:17: steps[1].max: the scale must go up: max (1) must be more than min (1)"],
    ),
    "one option": (
        BASE.replace("      - {id: blue, label: Blue}\n", ""),
        ["s.yaml:11: steps[0].options: give at least 2 options, found 1"],
    ),
    "date without time zone": (
        BASE + "opens: 2025-03-01T09:00\n",
        [
            "s.yaml:18: opens: '2025-03-01T09:00' needs a time and a timezone "
            "(e.g. 2025-03-01T09:00:00+01:00, or Z for UTC)"
        ],
    ),
    "date only": (
        BASE + "opens: 2025-03-01\n",
        [
            "s.yaml:18: opens: '2025-03-01' needs a time and a timezone "
            "(e.g. 2025-03-01T09:00:00+01:00, or Z for UTC)"
        ],
    ),
    "not a date": (
        BASE + "closes: next week\n",
        [
            "s.yaml:18: closes: 'next week' is not an ISO 8601 date and time "
            "(e.g. 2025-03-01T09:00:00+01:00)"
        ],
    ),
    "closes before opens": (
        BASE + "opens: 2025-03-01T10:00:00+01:00\ncloses: 2025-02-01T00:00:00Z\n",
        [
            "s.yaml:19: closes: closes (2025-02-01T00:00:00+00:00) must be after opens "
            "(2025-03-01T10:00:00+01:00)"
        ],
    ),
    "vote with nothing to vote on": (
        with_step("- {id: v, type: vote, text: t}", "- {id: p, type: proposals, text: t}"),
        [
            "s.yaml:18: steps[2]: nothing to vote on: add a proposals step before this one, "
            "or statements to the survey"
        ],
    ),
    "empty steps": (
        BASE.split("steps:")[0] + "steps: []\n",
        ["s.yaml:6: steps: a survey needs at least one step"],
    ),
    "a step that is not a mapping": (
        with_step("- goodbye"),
        [
            "s.yaml:18: steps[2]: expected a step (a mapping with id, type, text, ...), "
            "found 'goodbye'"
        ],
    ),
    "bad moderation": (
        BASE + "moderation: later\n",
        ["s.yaml:18: moderation: expected pre or post, found 'later'"],
    ),
    "statements": (
        BASE + "statements:\n  - {id: s1, text: A}\n  - {id: s1, text: B}\n  - {id: s2}\n",
        [
            "s.yaml:20: statements[1].id: duplicate statement id 's1' (first on line 19)",
            "s.yaml:21: statements[2].text: required field is missing",
        ],
    ),
    "unsupported tag": (
        BASE.replace("title: Demo", "title: !!binary aGVsbG8="),
        ["s.yaml:3: title: unsupported YAML tag '!!binary'"],
    ),
    "top level list": (
        "- a\n- b\n",
        ["s.yaml:1: expected a survey: a mapping of fields (id, title, steps, ...), found a list"],
    ),
    "empty file": (
        "",
        ["s.yaml:1: the file is empty; a survey needs id, title, intro, languages, ..."],
    ),
    "syntax error": (
        "id: demo\ntitle: [unclosed\n",
        [
            "s.yaml:3: YAML syntax error: expected ',' or ']', but got '<stream end>' "
            "(while parsing a flow sequence on line 2)"
        ],
    ),
    "two documents": (
        "id: a\n---\nid: b\n",
        [
            "s.yaml:2: YAML syntax error: expected a single document in the stream, "
            "but found another document"
        ],
    ),
    "control character": (
        "id: demo\ntitle: \x00\n",
        ["s.yaml:2: character '\\x00' is not allowed in a YAML file"],
    ),
}


@pytest.mark.parametrize("text, expected", BAD_INPUTS.values(), ids=BAD_INPUTS)
def test_bad_input_is_reported_exactly(text: str, expected: list[str]) -> None:
    assert problems(text) == expected
    with pytest.raises(SurveyFileError) as raised:
        parse_survey(text, "s.yaml")
    assert str(raised.value) == "\n".join(expected)


def test_condition_values_get_a_spelling_hint() -> None:
    text = with_step("- {id: x, type: info, text: t, show_if: {step: colour, is: blu}}")
    assert problems(text) == [
        "s.yaml:18: steps[2].show_if.is: 'blu' is not an option of step 'colour'; "
        "did you mean 'blue'?"
    ]


def test_many_problems_are_reported_together_in_line_order() -> None:
    text = (
        BASE.replace("id: demo", "id: Demo!")
        .replace("max: 5", "max: 50")
        .replace("label: Blue", "label: ''")
        + "opens: soon\n"
        + "colour: red\n"
    )
    assert problems(text) == [
        "s.yaml:1: id: 'Demo!' is not a valid id: use lowercase letters, digits, '-' and '_' "
        "(e.g. 'demo')",
        "s.yaml:12: steps[0].options[1].label: text is empty",
        "s.yaml:17: steps[1].max: a scale of 50 points (1 to 50) is too long for a keyboard; "
        "at most 11",
        "s.yaml:18: opens: 'soon' is not an ISO 8601 date and time "
        "(e.g. 2025-03-01T09:00:00+01:00)",
        "s.yaml:19: colour: unknown field",
    ]


def test_problem_str_and_fields() -> None:
    problem = Problem("a.yaml", 3, "steps[2].options[0].label.en", "translation is missing")
    assert str(problem) == "a.yaml:3: steps[2].options[0].label.en: translation is missing"
    assert str(Problem("a.yaml", 0, "", "file not found")) == "a.yaml: file not found"


def test_file_problems_never_raise(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    assert [str(p) for p in check_survey_file(missing)] == [f"{missing}: file not found"]
    assert [str(p) for p in check_survey_file(tmp_path)] == [
        f"{tmp_path}: is a directory, not a survey file"
    ]
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("id: demo\ntitle: Caf\u00e9\n".encode("latin-1"))
    assert [str(p) for p in check_survey_file(latin1)] == [
        f"{latin1}:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    ]
    with pytest.raises(SurveyFileError, match="file not found"):
        load_survey(missing)


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert check_survey_file(path) == []
    assert load_survey(path).id == "demo"


def test_problems_carry_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BASE + "titel: x\n", encoding="utf-8")
    [problem] = check_survey_file(path)
    assert (problem.file, problem.line, problem.field) == (str(path), 18, "titel")


# Fuzzing: whatever the input, the answer is a list of problems (or a survey), never a traceback.


def _random_value(rng: random.Random, depth: int = 0) -> object:
    choices = [
        lambda: rng.choice(["", "x", "yes", "~", "null", "1.5", "-3", "2025-01-01", "{", "- a"]),
        lambda: rng.randint(-(10**12), 10**12),
        lambda: rng.random() * 1e6,
        lambda: rng.choice([True, False, None]),
        lambda: "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 12))),
    ]
    if depth < 3:
        choices += [
            lambda: [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))],
            lambda: {
                rng.choice(
                    ["id", "type", "text", "step", "is", "en", "nl", "min", "max", "x"]
                ): _random_value(rng, depth + 1)
                for _ in range(rng.randint(0, 4))
            },
        ]
    return rng.choice(choices)()


def _assert_answers_calmly(text: str) -> None:
    found = check_survey_text(text, "f.yaml")
    assert all(isinstance(problem, Problem) and problem.line >= 1 for problem in found), found
    try:
        parse_survey(text, "f.yaml")
    except SurveyFileError as error:
        assert error.problems == found
    else:
        assert found == []


def test_fuzz_random_documents() -> None:
    rng = random.Random(20250301)
    for _ in range(300):
        _assert_answers_calmly(yaml.safe_dump(_random_value(rng), allow_unicode=True))


def test_fuzz_random_field_values() -> None:
    rng = random.Random(7)
    original = yaml.safe_load(BASE)
    for _ in range(200):
        document = copy.deepcopy(original)
        holder, key = _random_slot(rng, document)
        holder[key] = _random_value(rng)
        _assert_answers_calmly(yaml.safe_dump(document, allow_unicode=True))


def _random_slot(rng: random.Random, document: object) -> tuple[Any, Any]:
    """A random (container, key) inside `document`, at any depth."""
    holder, key = document, rng.choice(list(document))  # type: ignore[call-overload]
    while isinstance(holder[key], dict | list) and holder[key] and rng.random() < 0.7:
        holder = holder[key]
        key = rng.choice(list(holder)) if isinstance(holder, dict) else rng.randrange(len(holder))
    return holder, key


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_fuzz_mangled_example_text(path: Path) -> None:
    rng = random.Random(path.name)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(60):
        mangled = list(lines)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(mangled))
            action = rng.randrange(4)
            if action == 0:
                del mangled[at]
            elif action == 1:
                mangled.insert(rng.randrange(len(mangled)), mangled[at])
            elif action == 2:
                cut = rng.randrange(len(mangled[at]) + 1)
                mangled[at] = (
                    mangled[at][:cut] + rng.choice(":-[]{}&*!|>'\"#%@ \t\n") + mangled[at][cut:]
                )
            else:
                mangled[at] = mangled[at].lstrip(" ") if rng.random() < 0.5 else "  " + mangled[at]
        _assert_answers_calmly("".join(mangled))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 600,
        "a: &x [*x]\n",
        "&a [*a, *a]",
        "? [a, b]\n: c\n",
        "<<: {id: x}\n",
        "!!python/object:os.system x",
    ],
    ids=[
        "deep nesting",
        "recursive alias",
        "recursive top",
        "complex key",
        "merge key",
        "python tag",
    ],
)
def test_strange_yaml_never_raises(text: str) -> None:
    _assert_answers_calmly(text)


def test_the_minimal_survey_in_the_docs_is_valid() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "survey-files.md"
    blocks = docs.read_text(encoding="utf-8").split("```yaml\n")[1:]
    complete = [block.split("```")[0] for block in blocks if block.startswith("id:")]
    assert complete, "the reference should show a complete survey"
    for text in complete:
        assert problems(text) == []
