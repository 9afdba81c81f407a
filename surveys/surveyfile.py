"""Survey files: YAML written by organisers -> a validated `Survey`.

Every problem is reported as `FILE:LINE: field: message`, all of them in one pass, and no input
makes this module raise anything but `SurveyFileError`. The format is documented for organisers
in docs/survey-files.md; the steps themselves are read by `surveys.surveysteps`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from yaml.nodes import Node

from surveys.inputfiles import MEGABYTE, InputFileError, read_bounded
from surveys.messagefit import oversize_screens
from surveys.model import LocalizedText, ModerationMode, Statement, StepType, Survey
from surveys.surveysteps import MAX_TEXT_LENGTH, ReadStep, read_steps
from surveys.yamlnodes import (
    Fields,
    NodeReader,
    Problem,
    compose,
    did_you_mean,
    read_identified_texts,
)

__all__ = [
    "SUPPORTED_LANGUAGES",
    "Problem",
    "SurveyFileError",
    "check_survey_file",
    "check_survey_text",
    "load_survey",
    "parse_survey",
]

# Languages a survey may be written in. The bot's own messages and buttons exist in Dutch and
# English, so every survey offers at least one of those two.
SUPPORTED_LANGUAGES = {
    "nl": "Nederlands",
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "pl": "Polski",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
}
INTERFACE_LANGUAGES = ("nl", "en")

SURVEY_FIELDS = (
    "id",
    "title",
    "intro",
    "languages",
    "privacy",
    "thanks",
    "opens",
    "closes",
    "moderation",
    "statements",
    "steps",
)
REQUIRED_FIELDS = ("id", "title", "intro", "languages", "privacy", "steps")
# A survey of 200 steps with 4,000-character texts in three languages is under 3 MB.
MAX_SURVEY_FILE_BYTES = 4 * MEGABYTE


class SurveyFileError(ValueError):
    """A survey file that cannot be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def check_survey_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem in the file at `path` (empty when it is a valid survey). Never raises."""
    text, problems = _read_text(path)
    if text is None:
        return problems
    return check_survey_text(text, str(path))


def check_survey_text(text: str, filename: str = "<string>") -> list[Problem]:
    """Every problem in survey YAML `text`, sorted by line. Never raises."""
    return _parse(text, filename)[1]


def parse_survey(text: str, filename: str = "<string>") -> Survey:
    """The survey described by YAML `text`; raises `SurveyFileError` when it has problems."""
    survey, problems = _parse(text, filename)
    if survey is None:
        raise SurveyFileError(problems)
    return survey


def load_survey(path: str | os.PathLike[str]) -> Survey:
    """The survey in the file at `path`; raises `SurveyFileError` (also for I/O problems)."""
    text, problems = _read_text(path)
    if text is None:
        raise SurveyFileError(problems)
    return parse_survey(text, str(path))


def _read_text(path: str | os.PathLike[str]) -> tuple[str | None, list[Problem]]:
    filename = str(path)
    if Path(path).is_dir():
        return None, [Problem(filename, 0, "", "is a directory, not a survey file")]
    try:
        # A regular file of bounded size: /dev/zero or a FIFO is refused before any reading.
        data = read_bounded(path, MAX_SURVEY_FILE_BYTES)
    except InputFileError as error:
        return None, [Problem(filename, 0, "", str(error).removeprefix(f"{filename}: "))]
    except OSError as error:
        return None, [Problem(filename, 0, "", f"cannot read the file: {error.strerror or error}")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text (byte {data[error.start]:#04x}); save the file as UTF-8"
        return None, [Problem(filename, line, "", message)]


def _parse(text: str, filename: str) -> tuple[Survey | None, list[Problem]]:
    root, problems = compose(text, filename)
    if problems:
        return None, problems
    reader = NodeReader(filename)
    if root is None:
        reader.report(1, "", "the file is empty; a survey needs id, title, intro, languages, ...")
        return None, reader.problems
    fields = reader.fields(root, "", "a survey: a mapping of fields (id, title, steps, ...)")
    if fields is None:
        return None, reader.problems
    survey = _read_survey(reader, fields)
    problems = sorted(reader.problems, key=lambda problem: problem.line)
    if problems or survey is None:
        return None, problems
    return dataclasses.replace(survey, source_text=text), []


def _read_survey(reader: NodeReader, fields: Fields) -> Survey | None:
    fields.require(REQUIRED_FIELDS)
    fields.reject_unknown(SURVEY_FIELDS)
    languages = _languages(reader, fields)

    def text(name: str) -> LocalizedText | None:
        node = fields.get(name)
        if node is None:
            return None
        return reader.localized(node, fields.child(name), languages, MAX_TEXT_LENGTH)

    survey_id = fields.read("id", reader.slug)
    title, intro, privacy, thanks = text("title"), text("intro"), text("privacy"), text("thanks")
    opens = fields.read("opens", lambda node, path: _moment(reader, node, path))
    closes = fields.read("closes", lambda node, path: _moment(reader, node, path))
    if opens is not None and closes is not None and closes <= opens:
        message = f"closes ({closes.isoformat()}) must be after opens ({opens.isoformat()})"
        reader.report(fields.values["closes"], "closes", message)
    moderation = fields.read("moderation", lambda node, path: _moderation(reader, node, path))
    statements = fields.read(
        "statements", lambda node, path: _statements(reader, node, path, languages)
    )
    steps_node = fields.get("steps")
    read = read_steps(reader, steps_node, languages) if steps_node is not None else []
    _check_votes_have_material(reader, read, bool(statements))

    steps = tuple(entry.step for entry in read)
    if reader.problems or None in steps:
        return None
    assert survey_id and title and intro and privacy
    survey = Survey(
        id=survey_id,
        title=title,
        intro=intro,
        languages=tuple(languages),
        privacy=privacy,
        steps=steps,  # type: ignore[arg-type]  # no None: checked above
        statements=statements or (),
        moderation=moderation or ModerationMode.POST,
        opens=opens,
        closes=closes,
        thanks=thanks,
    )
    for oversize in oversize_screens(survey):
        if oversize.step_index is None:
            reader.report(fields.values[oversize.field], oversize.field, oversize.message)
            continue
        entry = read[oversize.step_index]
        node = entry.fields.values.get(oversize.step_field or "") if entry.fields else None
        path = f"steps[{oversize.step_index}].{oversize.step_field}"
        reader.report(node if node is not None else entry.node, path, oversize.message)
    return None if reader.problems else survey


def _languages(reader: NodeReader, fields: Fields) -> list[str]:
    """The survey's language codes, first = default; empty when unusable (reported)."""
    node = fields.get("languages")
    if node is None:
        return []
    items = reader.items(node, "languages")
    if items is None:
        return []
    languages: list[str] = []
    valid = True
    for index, item in enumerate(items):
        path = f"languages[{index}]"
        code = reader.word(item, path, "a language code")
        if code is None:
            valid = False
        elif code not in SUPPORTED_LANGUAGES:
            supported = ", ".join(SUPPORTED_LANGUAGES)
            hint = did_you_mean(code.lower(), SUPPORTED_LANGUAGES) or f" (supported: {supported})"
            reader.report(item, path, f"unsupported language {code!r}{hint}")
            valid = False
        elif code in languages:
            reader.report(item, path, f"language {code!r} is listed twice")
        else:
            languages.append(code)
    if not items:
        reader.report(node, "languages", "list at least one language, e.g. [nl, en]")
        return []
    if valid and not any(code in INTERFACE_LANGUAGES for code in languages):
        message = "include nl or en: the bot's own buttons and messages exist in those languages"
        reader.report(node, "languages", message)
    return languages if valid else []


def _moment(reader: NodeReader, node: Node, path: str) -> datetime | None:
    """An ISO 8601 date and time with a timezone, e.g. 2025-03-01T09:00:00+01:00."""
    value = reader.word(node, path, "a date and time")
    if value is None:
        return None
    example = "e.g. 2025-03-01T09:00:00+01:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        reader.report(node, path, f"{value!r} is not an ISO 8601 date and time ({example})")
        return None
    if moment.tzinfo is None or len(value) <= 10:
        reader.report(
            node, path, f"{value!r} needs a time and a timezone ({example}, or Z for UTC)"
        )
        return None
    return moment


def _moderation(reader: NodeReader, node: Node, path: str) -> ModerationMode | None:
    value = reader.word(node, path, "pre or post")
    if value is None:
        return None
    try:
        return ModerationMode(value)
    except ValueError:
        reader.report(node, path, f"expected pre or post, found {value!r}")
        return None


def _statements(
    reader: NodeReader, node: Node, path: str, languages: Sequence[str]
) -> tuple[Statement, ...]:
    items = reader.items(node, path)
    if items is None:
        return ()
    pairs = read_identified_texts(
        reader, items, path, languages, text_field="text", what="statement",
        describe="a statement {id: ..., text: ...}", max_length=MAX_TEXT_LENGTH,
    )
    return tuple(Statement(statement_id, text) for statement_id, text in pairs)


def _check_votes_have_material(
    reader: NodeReader, read: list[ReadStep], has_statements: bool
) -> None:
    """A vote step needs something to vote on: seeded statements or an earlier proposals step."""
    seen_proposals = False
    for entry in read:
        if entry.type is StepType.PROPOSALS:
            seen_proposals = True
        elif entry.type is StepType.VOTE and not (seen_proposals or has_statements):
            message = (
                "nothing to vote on: add a proposals step before this one, "
                "or statements to the survey"
            )
            reader.report(entry.node, f"steps[{entry.index}]", message)
