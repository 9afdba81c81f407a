"""Load an export folder into plain tables (`ReportData`): the only module that reads files.

Two kinds of folder are read (see docs/architecture.md, "The export folder"):

* a Samen export: the Pol.is files plus `survey.json`, `participants.csv`, `answers.csv` and
  `proposals.csv`;
* a Pol.is open-data export: `comments.csv`, `votes.csv`, `participants-votes.csv` and maybe
  `summary.csv`. It has no closed questions and no survey dates; those tables stay empty.

Votes and comments are read by `analysis.opinions.read_export` (it checks the files, reports
file:line on bad input, and detects a flipped agree sign), so the report's counts and the
opinion groups are computed from exactly the same votes. This module adds what the report needs
beyond that: the survey, participants, answers, Pol.is's summary and vote times in seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from analysis.opinions import Export, ExportError, read_export
from analysis.opinions.csvfile import csv_rows, whole_number
from analysis.opinions.reader import export_folder
from surveys.inputfiles import MEGABYTE, InputFileError, read_bounded

# Pol.is exports write `timestamp` in milliseconds, Samen's in seconds; no vote happened in 1973.
_MILLISECONDS_THRESHOLD = 1e11
MAX_SURVEY_JSON_BYTES = 16 * MEGABYTE


@dataclass(frozen=True)
class Participant:
    id: int
    language: str = ""
    started_at: datetime | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True)
class Answer:
    participant: int
    step_id: str
    step_type: str
    value: str
    answered_at: datetime | None = None


@dataclass
class ReportData:
    """Everything the report needs, as plain tables; no file or database handles."""

    source: str  # "samen" or "polis"
    title: str
    export: Export  # votes and comments, as the opinion analysis reads them
    vote_times: np.ndarray  # Unix seconds per vote event (row order of export.votes)
    participants: list[Participant] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    survey: dict | None = None
    summary: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Outer white space (a trailing newline) would push a closing quote onto a line alone.
        self.texts: dict[int, str] = {c: t.strip() for c, t in
                                      self.export.comments.text_of().items()}

    def comment_label(self, comment_id: int) -> int | str:
        """The statement's id as the export wrote it: the report counts with small internal
        codes, but a reader looks up "p-17" (or a 25-digit id) in their own files."""
        return self.export.comment_labels.get(comment_id, comment_id)

    @property
    def is_polis(self) -> bool:
        return self.source == "polis"

    def use_language(self, language: str) -> None:
        """Show the organiser's statements in `language` where the survey file translates them.

        The export stores a statement once, in the survey's first language (Pol.is's
        comment-body); a statement is recognised by that text among survey.json's statements.
        Citizens' proposals are shown as they were written.
        """
        for statement in (self.survey or {}).get("statements", []):
            translations = statement.get("text")
            if not isinstance(translations, dict):
                continue
            spelled = {" ".join(str(t).split()) for t in translations.values()}
            for comment_id, text in self.texts.items():
                if " ".join(text.split()) in spelled:
                    self.texts[comment_id] = localized(translations, language)

    def title_in(self, language: str) -> str:
        if self.survey and self.survey.get("title"):
            return localized(self.survey["title"], language)
        return self.title


def localized(value: object, language: str) -> str:
    """A survey.json text: either a plain string or {"nl": ..., "en": ...}."""
    if isinstance(value, dict):
        for key in (language, "en", "nl"):
            if value.get(key):
                return str(value[key])
        return str(next(iter(value.values()), ""))
    return "" if value is None else str(value)


def load_folder(folder: Path | str) -> ReportData:
    """Read a Samen or Pol.is export folder (see the module docstring)."""
    folder = export_folder(folder)
    if not (folder / "comments.csv").exists():
        raise FileNotFoundError(f"{folder}: no comments.csv; is this an export folder?")
    export = read_export(folder)
    is_samen = (folder / "survey.json").exists()
    survey = _read_survey(folder / "survey.json") if is_samen else None
    summary = _read_summary(folder / "summary.csv")
    times = export.votes.timestamp.astype(float)
    if times.size and times.max() > _MILLISECONDS_THRESHOLD:
        times = times / 1000.0
    if export.source != "votes.csv":
        times = np.array([], dtype=float)  # participants-votes.csv has no times
    return ReportData(
        source="samen" if is_samen else "polis",
        title=_title(survey, summary, folder),
        export=export,
        vote_times=times,
        participants=_read_participants(folder / "participants.csv") if is_samen else [],
        answers=_read_answers(folder / "answers.csv") if is_samen else [],
        survey=survey,
        summary=summary,
    )


def parse_time(text: str) -> datetime | None:
    """ISO 8601 (Samen) to an aware UTC datetime; empty or unreadable gives None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {column: cell}) per row of a CSV file that may be absent; bounded and checked
    like the vote files (ExportError "file:line: ..." on bad input)."""
    if not path.exists():
        return
    header, rows = csv_rows(path, required)
    for line, row in rows:
        yield line, dict(zip(header, row, strict=False))


def _read_summary(path: Path) -> dict[str, str]:
    """Pol.is `summary.csv` is key,value lines, not a table."""
    if not path.exists():
        return {}
    first, rows = csv_rows(path, required=())
    return {row[0]: row[1] for row in (first, *(row for _, row in rows)) if len(row) >= 2}


def _read_survey(path: Path) -> dict:
    """survey.json as written by `surveys export`; ExportError when it cannot be used."""
    try:
        text = read_bounded(path, MAX_SURVEY_JSON_BYTES).decode("utf-8")
        survey = json.loads(text)
    except InputFileError as error:
        raise ExportError(str(error)) from None
    except UnicodeDecodeError as error:
        raise ExportError(f"{path}: not UTF-8 text (byte {error.object[error.start]:#04x})") \
            from None
    except json.JSONDecodeError as error:
        raise ExportError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    except RecursionError:
        raise ExportError(f"{path}: nested too deeply to be a survey") from None
    _check_survey(survey, path)
    return survey


def _check_survey(survey: object, path: Path) -> None:
    """The shape the report relies on: steps with string ids and types, options with ids,
    scales with whole-number ends not too far apart."""
    def fail(where: str, what: str) -> None:
        raise ExportError(f"{path}: {where} {what}; was the file written by surveys export?")

    if not isinstance(survey, dict):
        fail("the file", "is not a JSON object")
    steps = survey.get("steps", [])
    if not isinstance(steps, list):
        fail("steps", "is not a list")
    for n, step in enumerate(steps):
        where = f"steps[{n}]"
        if not isinstance(step, dict):
            fail(where, "is not an object")
        if not isinstance(step.get("id"), str) or not isinstance(step.get("type"), str):
            fail(where, "needs a string id and type")
        options = step.get("options", [])
        if not isinstance(options, list) or not all(
                isinstance(o, dict) and isinstance(o.get("id"), str) for o in options):
            fail(f"{where}.options", "must be a list of objects with a string id")
        ends = [step.get("minimum", 1), step.get("maximum", 5)]
        if step["type"] == "scale" and not (
                all(isinstance(e, int) and not isinstance(e, bool) for e in ends)
                and 0 <= ends[1] - ends[0] <= 100):
            fail(where, "needs whole-number minimum and maximum at most 100 apart")


def _read_participants(path: Path) -> list[Participant]:
    # The pseudonym column is read by nobody: the report shows integer participant ids only.
    return [Participant(
        id=whole_number(row.get("participant", ""), path, line, "participant"),
        language=row.get("language") or "",
        started_at=parse_time(row.get("started_at", "")),
        completed_at=parse_time(row.get("completed_at", "")),
    ) for line, row in _rows(path, required=("participant",))]


def _read_answers(path: Path) -> list[Answer]:
    return [Answer(
        participant=whole_number(row.get("participant", ""), path, line, "participant"),
        step_id=row.get("step_id") or "",
        step_type=row.get("step_type") or "",
        value=row.get("value") or "",
        answered_at=parse_time(row.get("answered_at", "")),
    ) for line, row in _rows(path, required=("participant", "step_id"))]


def _title(survey: dict | None, summary: dict[str, str], folder: Path) -> str:
    if survey:
        return localized(survey.get("title"), "nl") or str(survey.get("id") or folder.name)
    return summary.get("topic") or folder.name
