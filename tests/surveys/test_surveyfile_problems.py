"""Bad survey files get exact problems: ``file:line: field: message``.

With spelling hints, all of them at once and in line order; a missing file, a directory or a
file that is not UTF-8 is a problem too, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from surveys.surveyfile import (
    Problem,
    SurveyFileError,
    check_survey_file,
    load_survey,
    parse_survey,
)
from tests.surveys.surveyfile_helpers import BASE, problems, with_step

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
    "missing step type, other problems still reported": (
        with_step("- id: x", "  text: t", "  max: five", "  options: [{id: a, label: A}]"),
        [
            "s.yaml:18: steps[2].type: required field is missing",
            "s.yaml:20: steps[2].max: expected a whole number, found 'five'",
            "s.yaml:21: steps[2].options: give at least 2 options, found 1",
        ],
    ),
    "misspelt step type, other problems still reported": (
        with_step("- id: x", "  type: scal", "  text: t", "  min_label: ''"),
        [
            "s.yaml:19: steps[2].type: unknown step type 'scal'; did you mean 'scale'?",
            "s.yaml:21: steps[2].min_label: text is empty",
        ],
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
    "colon and space inside a plain text": (
        BASE.replace("title: Demo", "title: Let op: demo"),
        [
            's.yaml:3: YAML syntax error: mapping values are not allowed here; a text with ": " '
            'in it needs double quotes, e.g. title: "Let op: de wijk" (or this line is '
            "indented deeper than its field)"
        ],
    ),
    "question mark inside a flow mapping": (
        BASE.replace("label: Red", "label: {en: Red?}"),
        [
            "s.yaml:11: YAML syntax error: expected ',' or '}', but got '?' (while parsing a "
            "flow mapping on line 11); inside {...} or [...] put a text with , ? : [ ] { } in "
            'double quotes, e.g. {nl: "Waarom?", en: "Why?"}'
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
    "tags on a mapping, a list and a field name": (
        BASE.replace("title: Demo", "title: !bar {en: Demo}")
        .replace("languages: [en]", "languages: !!omap [en]")
        .replace("intro: Hello", "!foo intro: Hello")
        .replace("  - id: mood", "  - !step\n    id: mood"),
        [
            "s.yaml:2: languages: unsupported YAML tag '!!omap'",
            "s.yaml:3: title: unsupported YAML tag '!bar'",
            "s.yaml:4: intro: unsupported YAML tag '!foo'",
            "s.yaml:13: steps[1]: unsupported YAML tag '!step'",
        ],
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
    "indentation": (
        BASE.replace("    max: 5", "  max: 5"),
        [
            "s.yaml:17: YAML syntax error: expected <block end>, but found '?' (while parsing a "
            "block collection on line 7); check the indentation of this line and the one above "
            "(spaces only, the same depth for fields of one step)"
        ],
    ),
    "indentation of a list item": (
        BASE.replace("  - id: mood", "   - id: mood"),
        [
            "s.yaml:13: YAML syntax error: expected <block end>, but found '<block sequence "
            "start>' (while parsing a block collection on line 7); check the indentation of this "
            "line and the one above (spaces only, the same depth for fields of one step)"
        ],
    ),
    "text after a closing quote": (
        BASE.replace("title: Demo", "title: 'it's'"),
        [
            "s.yaml:3: YAML syntax error: expected <block end>, but found '<scalar>' (while "
            "parsing a block mapping on line 1); a text goes on after its closing quote or "
            'bracket: put the whole text in double quotes, e.g. title: "It\'s time"'
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


def test_problems_carry_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BASE + "titel: x\n", encoding="utf-8")
    [problem] = check_survey_file(path)
    assert (problem.file, problem.line, problem.field) == (str(path), 18, "titel")

