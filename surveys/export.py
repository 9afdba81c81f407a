"""A survey's data as an export folder: a Pol.is open-data export plus Samen's own tables.

Columns are fixed by docs/architecture.md ("The export folder"); the analysis reads them.
Participants appear only by their number (the Pol.is voter id) and keyed pseudonym.
Times are ISO 8601 UTC; Pol.is `timestamp` columns are Unix seconds.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from surveys.model import StepType, VoteChoice
from surveys.storage.base import Store
from surveys.views import UnknownSurvey

MODERATED = {"approved": 1, "pending": 0, "rejected": -1}  # Pol.is `moderated`
# Step types whose answers are answers (info/proposals/vote rows only mark "done").
_QUESTION_TYPES = {StepType.SINGLE_CHOICE.value, StepType.MULTIPLE_CHOICE.value,
                   StepType.SCALE.value, StepType.FREE_TEXT.value}


@dataclass(frozen=True)
class ExportSummary:
    folder: Path
    participants: int
    answers: int
    proposals: int
    vote_events: int


def _unix(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp())


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


async def export_survey(store: Store, survey_id: str, folder: str | Path) -> ExportSummary:
    """Write the export folder for `survey_id` (created if needed; files overwritten)."""
    record = await store.get_survey(survey_id)
    if record is None:
        raise UnknownSurvey(survey_id)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    proposals = await store.list_proposals(survey_id)
    history = await store.vote_history(survey_id)
    latest = await store.latest_votes(survey_id)
    participants = await store.survey_participants(survey_id)
    answers = await store.survey_answers(survey_id)

    survey_json = {**record.definition, "version": record.version, "status": record.status}
    (out / "survey.json").write_text(json.dumps(survey_json, indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")

    events = Counter((vote.proposal_id, vote.choice) for vote in history)
    _write(out / "comments.csv",
           ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees",
            "moderated", "comment-body"],
           ([_unix(p.created_at), p.created_at, p.id,
             "" if p.participant_id is None else p.participant_id,
             events[(p.id, "agree")], events[(p.id, "disagree")], MODERATED[p.status], p.text]
            for p in proposals))
    _write(out / "votes.csv", ["timestamp", "datetime", "comment-id", "voter-id", "vote"],
           ([_unix(v.voted_at), v.voted_at, v.proposal_id, v.participant_id,
             VoteChoice(v.choice).polis_value] for v in history))
    _write_participants_votes(out / "participants-votes.csv", proposals, latest)

    _write(out / "participants.csv",
           ["participant", "pseudonym", "language", "started_at", "completed_at"],
           ([p.participant_id, p.pseudonym, p.language or "", p.started_at,
             p.completed_at or ""] for p in participants))
    answer_rows = await _answer_rows(store, survey_id, answers)
    _write(out / "answers.csv",
           ["participant", "survey_version", "step_id", "step_type", "value", "answered_at"],
           answer_rows)
    _write(out / "proposals.csv",
           ["comment-id", "participant", "step_id", "status", "created_at", "text"],
           ([p.id, "" if p.participant_id is None else p.participant_id, p.step_id or "",
             p.status, p.created_at, p.text] for p in proposals))
    return ExportSummary(out, len(participants), len(answer_rows), len(proposals), len(history))


def _write_participants_votes(path: Path, proposals: Sequence, latest: Sequence) -> None:
    """The latest-vote matrix: one row per participant who voted or wrote, a column per comment.

    Every comment gets a column, moderated-out ones too (Pol.is zeroes them, it does not drop
    them); `group-id` is left empty: groups are the analysis's business.
    """
    comment_ids = [p.id for p in proposals]
    cells: dict[int, dict[int, int]] = {}
    for vote in latest:
        cells.setdefault(vote.participant_id, {})[vote.proposal_id] = (
            VoteChoice(vote.choice).polis_value
        )
    authored = Counter(p.participant_id for p in proposals if p.participant_id is not None)
    rows = []
    for participant in sorted(set(cells) | set(authored)):
        mine = cells.get(participant, {})
        values = list(mine.values())
        rows.append([participant, "", authored[participant], len(values), values.count(1),
                     values.count(-1), *[mine.get(c, "") for c in comment_ids]])
    _write(path, ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree",
                  *[str(c) for c in comment_ids]], rows)


async def _answer_rows(store: Store, survey_id: str, answers: Sequence) -> list[list[object]]:
    """answers.csv rows, each typed by the survey version it was given under."""
    step_types: dict[tuple[int, str], str] = {}
    for version in sorted({a.survey_version for a in answers}):
        record = await store.get_survey(survey_id, version)
        if record is not None:
            for step in record.definition.get("steps", []):
                step_types[(version, step["id"])] = step["type"]
    rows: list[list[object]] = []
    for answer in answers:
        step_type = step_types.get((answer.survey_version, answer.step_id), "")
        if answer.skipped or step_type not in _QUESTION_TYPES:
            continue
        values = answer.value if isinstance(answer.value, list) else [answer.value]
        rows.extend([answer.participant_id, answer.survey_version, answer.step_id, step_type,
                     value, answer.answered_at] for value in values)
    return rows

