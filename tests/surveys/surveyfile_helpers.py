"""What the survey-file tests share: the example surveys and a small valid survey to vary.

Imported by tests/surveys/test_surveyfile_*.py; not a test module itself.
"""

from __future__ import annotations

from pathlib import Path

from surveys.surveyfile import check_survey_text

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "surveys" / "examples").glob("*.yaml"))


# A small valid one-language survey; the tests change or extend it. Line numbers:
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
