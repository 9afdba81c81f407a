"""Fuzzing survey files: whatever the input, the answer is a list of problems (or a survey),
never a traceback.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from surveys.surveyfile import Problem, SurveyFileError, check_survey_text, parse_survey
from tests.surveys.surveyfile_helpers import BASE, EXAMPLES


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

