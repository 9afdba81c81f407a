"""The export folder: Pol.is files that read back to what was stored, plus Samen's tables."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from analysis.opinions.reader import read_export
from surveys.engine import Engine
from surveys.model import Survey

POLIS = {"agree": 1, "disagree": -1, "pass": 0}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


async def _populate(engine: Engine, survey_id: str) -> list[tuple[int, int, str]]:
    """Three citizens answer, write proposals and vote (with one re-vote); the vote events."""
    events: list[tuple[int, int, str]] = []
    for user, car in ((11, "yes"), (12, "no"), (13, "yes")):
        await engine.consent(user, survey_id)
        assert (await engine.proceed(user, survey_id, "welcome")).ok
        assert (await engine.answer(user, survey_id, "car", car)).ok
        if car == "yes":
            assert (await engine.answer(user, survey_id, "car_use", f"shop, \"quoted\" {user}")).ok
        assert (await engine.answer(user, survey_id, "topics", ["parks", "schools"])).ok
        assert (await engine.answer(user, survey_id, "trust", user - 9)).ok
        await engine.submit_proposal(user, survey_id, "ideas", f"Proposal, by citizen {user}\nok")
        assert (await engine.confirm_proposal(user, survey_id)).ok
    for user, proposal, choice in ((11, 1, "agree"), (12, 1, "disagree"), (13, 1, "pass"),
                                   (11, 4, "disagree"), (12, 3, "agree"), (11, 4, "agree"),
                                   (13, 2, "agree")):
        outcome = await engine.vote(user, survey_id, proposal, choice)
        assert outcome.ok, outcome.error
        events.append((user, proposal, choice))
    await engine.reject_proposal(5, 1)
    return events


async def test_export_round_trip_through_the_polis_format(
    engine: Engine, town: Survey, tmp_path: Path
) -> None:
    events = await _populate(engine, town.id)
    summary = await engine.export(town.id, tmp_path / "out")
    out = summary.folder
    participant = {p["pseudonym"]: int(p["participant"]) for p in _rows(out / "participants.csv")}
    assert len(participant) == 3 and summary.vote_events == len(events)
    number = {
        user: participant[(await engine.my_data(user))["participants"][0]["pseudonym"]]
        for user in (11, 12, 13)
    }

    votes = _rows(out / "votes.csv")
    assert list(votes[0]) == ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
    assert [(int(v["voter-id"]), int(v["comment-id"]), int(v["vote"])) for v in votes] == [
        (number[u], p, POLIS[c]) for u, p, c in events]
    assert all(int(v["timestamp"]) > 1_700_000_000 for v in votes)

    comments = {int(c["comment-id"]): c for c in _rows(out / "comments.csv")}
    assert list(next(iter(comments.values()))) == [
        "timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated",
        "comment-body"]
    assert sorted(comments) == [1, 2, 3, 4, 5]
    assert comments[1]["author-id"] == "" and comments[1]["comment-body"] == "More trees"
    assert comments[3]["author-id"] == str(number[11])
    assert comments[3]["comment-body"] == "Proposal, by citizen 11\nok"
    assert (comments[5]["moderated"], comments[3]["moderated"]) == ("-1", "1")
    agrees = Counter(p for _, p, c in events if c == "agree")
    disagrees = Counter(p for _, p, c in events if c == "disagree")
    for cid, comment in comments.items():  # every event counts, superseded re-votes included
        assert (int(comment["agrees"]), int(comment["disagrees"])) == (agrees[cid],
                                                                       disagrees[cid])

    latest = {(number[u], p): POLIS[c] for u, p, c in events}  # later events overwrite
    wide = _rows(out / "participants-votes.csv")
    assert list(wide[0])[:6] == ["participant", "group-id", "n-comments", "n-votes", "n-agree",
                                 "n-disagree"]
    assert list(wide[0])[6:] == [str(c) for c in sorted(comments)]
    for row in wide:
        voter = int(row["participant"])
        cells = {int(c): int(row[str(c)]) for c in comments if row[str(c)] != ""}
        assert cells == {p: v for (who, p), v in latest.items() if who == voter}
        assert int(row["n-comments"]) == 1 and row["group-id"] == ""
        assert int(row["n-votes"]) == len(cells)
        assert int(row["n-agree"]) == sum(1 for v in cells.values() if v == 1)

    # The analysis reads the folder as Pol.is open data (agree = +1).
    export = read_export(out)
    assert export.agree_sign == 1 and len(export.votes.vote) == len(events)
    assert sorted(export.comments.comment.tolist()) == sorted(comments)


async def test_export_tables_and_survey_json(engine: Engine, town: Survey, tmp_path: Path) -> None:
    await _populate(engine, town.id)
    out = (await engine.export(town.id, tmp_path / "out")).folder
    survey = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    assert (survey["id"], survey["version"], survey["status"]) == ("town", 1, "open")
    assert [s["id"] for s in survey["steps"]][:3] == ["welcome", "car", "car_use"]
    answers = _rows(out / "answers.csv")
    assert list(answers[0]) == ["participant", "survey_version", "step_id", "step_type", "value",
                                "answered_at"]
    topics = [a for a in answers if a["step_id"] == "topics"]
    assert len(topics) == 6 and {a["value"] for a in topics} == {"parks", "schools"}
    assert {a["step_type"] for a in answers} == {"single_choice", "free_text", "multiple_choice",
                                                 "scale"}
    assert sorted(a["value"] for a in answers if a["step_id"] == "trust") == ["2", "3", "4"]
    # Free-text answers are exported word for word: the report's open answers come from here.
    assert sorted(a["value"] for a in answers if a["step_type"] == "free_text") == [
        'shop, "quoted" 11', 'shop, "quoted" 13']
    proposals = _rows(out / "proposals.csv")
    assert list(proposals[0]) == ["comment-id", "participant", "step_id", "status", "created_at",
                                  "text"]
    assert [(p["comment-id"], p["participant"] == "", p["status"]) for p in proposals][:2] == [
        ("1", True, "approved"), ("2", True, "approved")]
    assert proposals[4]["status"] == "rejected" and proposals[4]["step_id"] == "ideas"
    participants = _rows(out / "participants.csv")
    assert all(len(p["pseudonym"]) == 64 and p["started_at"] for p in participants)
