"""Property-based fuzzing of survey files (issue #14, "Go further").

Whatever a survey file holds (any bytes, mangled YAML, a valid survey with one line changed),
`python -m surveys validate` answers 0 with "FILE: ok" or 1 with problem lines naming the file,
and never raises. Runs are derandomised so CI sees the same cases every time.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from surveys.__main__ import main as surveys_main
from surveys.surveyfile import Problem, check_survey_file
from tests.surveys.surveyfile_helpers import BASE, EXAMPLES

FUZZ = settings(
    database=None,
    derandomize=True,
    deadline=None,
    max_examples=80,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SOURCES = [BASE, *(path.read_text("utf-8") for path in EXAMPLES)]
YAML_BITS = [
    "",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "&a",
    "*a",
    "!!python/object:os.system",
    "<<: *a",
    "'",
    '"',
    "|",
    ">",
    "#",
    "\t",
    "~",
    "null",
    "yes",
    "1e999",
    "-1",
    "0x10",
    "2025-02-30",
    "\u202e",
    "\u200b",
    "$\\frac{",
    "=1+1",
    "\x00",
    "\ufeff",
    "%YAML 1.1",
    "---",
    "...",
    "? ",
    "id: x",
    "type: scale",
    "min: 10",
    "max: -3",
    "options: []",
    "languages: [xx]",
    "steps: 5",
    "a" * 5000,
]


@st.composite
def mangled_survey(draw) -> bytes:
    """A valid survey with a few lines replaced, cut or extended by YAML odds and ends."""
    lines = draw(st.sampled_from(SOURCES)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        bit = draw(st.sampled_from(YAML_BITS) | st.text(max_size=10))
        action = draw(st.sampled_from(["replace", "append", "insert", "cut"]))
        if action == "replace":
            lines[at] = lines[at][: len(lines[at]) // 2] + bit
        elif action == "append":
            lines[at] += bit
        elif action == "insert":
            lines.insert(at, " " * draw(st.integers(0, 6)) + bit)
        else:
            lines = lines[:at] or [""]
    return "\n".join(lines).encode(
        draw(st.sampled_from(["utf-8", "utf-8", "latin-1"])), errors="replace"
    )


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "text",
                    "steps",
                    "options",
                    "label",
                    "min",
                    "max",
                    "languages",
                    "title",
                    "intro",
                    "privacy",
                    "opens",
                    "closes",
                ]
            )
            | st.text(max_size=4),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


def _validate(data: bytes) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey.yaml"
        path.write_bytes(data)
        problems = check_survey_file(path)
        assert all(isinstance(p, Problem) and p.file == str(path) for p in problems)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = surveys_main(["validate", str(path)])
    text = out.getvalue()
    if code == 0:
        assert problems == [] and text == f"{path}: ok\n"
    else:
        assert code == 1 and problems and text.count("\n") == len(problems)
        assert all(line.startswith(str(path)) for line in text.split("\n")[:-1])
    return code, text


@FUZZ
@given(st.binary(max_size=400))
@example(b"\xff\xfe\x00")
@example(b"a: &a [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nb: *a\n")
def test_any_bytes(data: bytes) -> None:
    _validate(data)


@FUZZ
@given(mangled_survey())
def test_a_survey_with_lines_mangled(data: bytes) -> None:
    _validate(data)


@FUZZ
@given(YAML_VALUES)
def test_any_yaml_document(value: object) -> None:
    _validate(yaml.safe_dump(value, allow_unicode=True).encode())
