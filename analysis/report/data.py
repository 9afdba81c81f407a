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

import csv
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from analysis.opinions import Export, read_export
from analysis.opinions.reader import export_folder

# Pol.is exports write `timestamp` in milliseconds, Samen's in seconds; no vote happened in 1973.
_MILLISECONDS_THRESHOLD = 1e11


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
    survey = json.loads((folder / "survey.json").read_text("utf-8")) if is_samen else None
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


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _read_summary(path: Path) -> dict[str, str]:
    """Pol.is `summary.csv` is key,value lines, not a table."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2}


def _read_participants(path: Path) -> list[Participant]:
    # The pseudonym column is read by nobody: the report shows integer participant ids only.
    return [Participant(
        id=int(row["participant"]),
        language=row.get("language") or "",
        started_at=parse_time(row.get("started_at", "")),
        completed_at=parse_time(row.get("completed_at", "")),
    ) for row in _rows(path)]


def _read_answers(path: Path) -> list[Answer]:
    return [Answer(
        participant=int(row["participant"]),
        step_id=row["step_id"],
        step_type=row.get("step_type") or "",
        value=row.get("value") or "",
        answered_at=parse_time(row.get("answered_at", "")),
    ) for row in _rows(path)]


def _title(survey: dict | None, summary: dict[str, str], folder: Path) -> str:
    if survey:
        return localized(survey.get("title"), "nl") or str(survey.get("id") or folder.name)
    return summary.get("topic") or folder.name
