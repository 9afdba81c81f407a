"""A synthetic consultation written as an export folder, for tests, benchmarks and demos.

The consultation has *planted* structure, so a report made from it can be checked:
opinion groups with opposite stances on half of the proposals (and shared agreement on a few),
proposals written around known themes, closed questions whose answers lean by group, and
participation spread over two weeks. The folder has exactly the files and columns of
`python -m surveys export` (docs/architecture.md, "The export folder").
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
DAYS = 14

# Each theme: the words its proposals are built from (Dutch, as citizens of Queetz write).
THEMES: dict[str, tuple[list[str], list[str]]] = {
    "fiets": (["meer", "veilige", "bredere", "verlichte", "vrijliggende"],
              ["fietspaden", "fietsenstallingen", "fietsstraten", "fietsroutes naar school"]),
    "groen": (["meer", "grotere", "schaduwrijke", "wilde"],
              ["bomen in de straat", "parken in de wijk", "geveltuinen", "bloemenstroken"]),
    "wonen": (["betaalbare", "meer", "kleinere", "sociale"],
              ["huurwoningen", "starterswoningen", "woningen voor ouderen", "tiny houses"]),
    "verkeer": (["lagere", "strengere", "minder"],
                ["snelheid in de wijk (30 km/u)", "parkeerplaatsen in het centrum",
                 "controles op hardrijders", "doorgaand vrachtverkeer"]),
}
TEMPLATES = ["Ik wil {a} {b}.", "De gemeente moet zorgen voor {a} {b}.", "Graag {a} {b}!",
             "Wij hebben {a} {b} nodig in Queetz.", "Zorg alsjeblieft voor {a} {b}."]


@dataclass(frozen=True)
class PlantedTruth:
    """What the simulation put in, for tests to compare the report against."""

    group_of: dict[int, int]  # participant -> planted group
    theme_of: dict[int, str]  # comment-id -> theme
    consensus_ids: list[int]  # comments every group agrees with
    divisive_ids: list[int]  # comments the groups split on


def write_consultation(folder: Path | str, n_participants: int = 200,
                       group_shares: tuple[float, ...] = (0.6, 0.4), n_proposals: int = 40,
                       votes_per_participant: int = 25, languages: tuple[str, ...] = ("nl",),
                       small_language: str | None = None, seed: int = 0) -> PlantedTruth:
    """Write a consultation export to `folder`; returns the planted truth.

    `small_language`: when given, three participants use it, so a breakdown by language has a
    group below the privacy threshold.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    participants = list(range(n_participants))
    shares = np.array(group_shares) / sum(group_shares)
    groups = rng.choice(len(shares), size=n_participants, p=shares)
    # Every group has at least one member (as far as there are participants to go round).
    groups[: len(shares)] = np.arange(len(shares))[:n_participants]
    group_of = {p: int(groups[p]) for p in participants}

    theme_names = list(THEMES)
    proposals = []  # (comment-id, author, theme, text)
    for comment_id in range(n_proposals):
        theme = theme_names[comment_id % len(theme_names)]
        adjectives, nouns = THEMES[theme]
        text = str(rng.choice(TEMPLATES)).format(a=rng.choice(adjectives), b=rng.choice(nouns))
        proposals.append((comment_id, int(rng.integers(n_participants)), theme, text))

    # Stances: the first few proposals everyone likes; on the rest each group takes a side
    # (group 1 always opposite group 0, so even two groups disagree on every such proposal).
    n_consensus = max(3, n_proposals // 10)
    sides = rng.choice([-1, 1], size=(len(shares), n_proposals))
    if len(shares) > 1:
        sides[1] = -sides[0]
    agree_probability = np.where(sides > 0, 0.88, 0.12)
    agree_probability[:, :n_consensus] = 0.92

    started = {p: START + timedelta(seconds=float(rng.uniform(0, DAYS * 86400 * 0.9)))
               for p in participants}
    vote_rows = []
    for p in participants:
        seen = rng.choice(n_proposals, size=min(votes_per_participant, n_proposals),
                          replace=False)
        moment = started[p]
        for comment_id in sorted(seen.tolist()):
            moment += timedelta(seconds=float(rng.uniform(5, 40)))
            roll = rng.random()
            if roll < 0.08:
                vote = 0
            else:
                vote = 1 if rng.random() < agree_probability[groups[p], comment_id] else -1
            vote_rows.append((moment, comment_id, p, vote))

    language_of = {p: languages[p % len(languages)] for p in participants}
    if small_language:
        for p in participants[-3:]:
            language_of[p] = small_language
    completed = {p: (started[p] + timedelta(minutes=20)) if rng.random() < 0.8 else None
                 for p in participants}

    _write_survey(folder, languages)
    _write_comments(folder, proposals, vote_rows)
    _write_votes(folder, vote_rows)
    _write_participants_votes(folder, participants, proposals, vote_rows)
    _write_participants(folder, participants, language_of, started, completed)
    _write_answers(folder, participants, groups, started, rng)
    _append_open_answers(folder, participants, started, np.random.default_rng(seed + 1))
    _write_proposals(folder, proposals, started)
    return PlantedTruth(
        group_of=group_of,
        theme_of={comment_id: theme for comment_id, _, theme, _ in proposals},
        consensus_ids=list(range(n_consensus)),
        divisive_ids=list(range(n_consensus, n_proposals)),
    )


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _iso(moment: datetime | None) -> str:
    return moment.isoformat().replace("+00:00", "Z") if moment else ""


SURVEY_STEPS = [
    {"id": "transport", "type": "single_choice",
     "text": {"nl": "Hoe reist u meestal door Queetz?", "en": "How do you usually travel?"},
     "options": [{"id": "bike", "label": {"nl": "Fiets", "en": "Bicycle"}},
                 {"id": "car", "label": {"nl": "Auto", "en": "Car"}},
                 {"id": "transit", "label": {"nl": "Openbaar vervoer", "en": "Public transport"}},
                 {"id": "walk", "label": {"nl": "Te voet", "en": "On foot"}}]},
    {"id": "satisfaction", "type": "scale", "minimum": 1, "maximum": 5,
     "text": {"nl": "Hoe tevreden bent u met uw wijk?",
              "en": "How satisfied are you with your neighbourhood?"}},
    {"id": "priorities", "type": "multiple_choice",
     "text": {"nl": "Wat vindt u het belangrijkst voor de komende jaren?",
              "en": "What matters most to you for the coming years?"},
     "options": [{"id": "housing", "label": {"nl": "Wonen", "en": "Housing"}},
                 {"id": "green", "label": {"nl": "Groen", "en": "Green space"}},
                 {"id": "safety", "label": {"nl": "Veiligheid", "en": "Safety"}},
                 {"id": "mobility", "label": {"nl": "Mobiliteit", "en": "Mobility"}}]},
    {"id": "ideas", "type": "proposals", "text": {"nl": "Uw voorstel?", "en": "Your proposal?"}},
    {"id": "judge", "type": "vote", "text": {"nl": "Wat vindt u hiervan?", "en": "Do you agree?"}},
    {"id": "closing", "type": "free_text", "optional": True,
     "text": {"nl": "Wat wilt u de gemeente tot slot meegeven?",
              "en": "Anything else you want to tell the council?"}},
]
# Open answers to "closing", by theme: what people write in their own words. Each theme has
# one answer many give word for word, and variants of it (near-duplicates and rewordings).
OPEN_ANSWERS: dict[str, list[str]] = {
    "parkeren": ["Er is te weinig parkeerplek in onze straat.",
                 "Te weinig parkeerplekken in de straat!",
                 "Parkeren in de wijk is 's avonds onmogelijk, er zijn te weinig plekken.",
                 "Maak parkeren voor bewoners goedkoper."],
    "spelen": ["Meer speelplekken voor kinderen alstublieft.",
               "Meer speelplekken voor de kinderen!",
               "De speeltuin in het park is kapot en moet opgeknapt worden.",
               "Kinderen kunnen nergens veilig spelen in de buurt."],
    "afval": ["Het zwerfafval in de wijk is een probleem.",
              "Zwerfafval overal in de wijk, doe er iets aan.",
              "Meer afvalbakken langs de route naar school.",
              "De containers voor afval zitten elk weekend vol."],
}


def _write_survey(folder: Path, languages: tuple[str, ...]) -> None:
    survey = {
        "id": "queetz-wijk", "version": 1,
        "title": {"nl": "Samen over de wijk", "en": "Together about the neighbourhood"},
        "languages": list(languages), "steps": SURVEY_STEPS,
        "opens": _iso(START), "closes": _iso(START + timedelta(days=DAYS)),
    }
    (folder / "survey.json").write_text(json.dumps(survey, indent=2, ensure_ascii=False), "utf-8")


def _write_comments(folder: Path, proposals, vote_rows) -> None:
    agrees = np.zeros(len(proposals), dtype=int)
    disagrees = np.zeros(len(proposals), dtype=int)
    for _, comment_id, _, vote in vote_rows:
        agrees[comment_id] += vote == 1
        disagrees[comment_id] += vote == -1
    rows = [[int(START.timestamp()), _iso(START), comment_id, author, agrees[comment_id],
             disagrees[comment_id], 1, text] for comment_id, author, _, text in proposals]
    _write_csv(folder / "comments.csv", ["timestamp", "datetime", "comment-id", "author-id",
                                         "agrees", "disagrees", "moderated", "comment-body"], rows)


def _write_votes(folder: Path, vote_rows) -> None:
    rows = [[int(moment.timestamp()), _iso(moment), comment_id, voter, vote]
            for moment, comment_id, voter, vote in sorted(vote_rows)]
    _write_csv(folder / "votes.csv",
               ["timestamp", "datetime", "comment-id", "voter-id", "vote"], rows)


def _write_participants_votes(folder: Path, participants, proposals, vote_rows) -> None:
    latest: dict[tuple[int, int], int] = {}
    for _, comment_id, voter, vote in sorted(vote_rows):
        latest[(voter, comment_id)] = vote
    authored = Counter(author for _, author, _, _ in proposals)
    rows = []
    for p in participants:
        cells = [latest.get((p, c), "") for c in range(len(proposals))]
        votes = [v for v in cells if v != ""]
        rows.append([p, "", authored[p], len(votes), votes.count(1), votes.count(-1), *cells])
    _write_csv(folder / "participants-votes.csv",
               ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree",
                *[str(c) for c in range(len(proposals))]], rows)


def _write_participants(folder: Path, participants, language_of, started, completed) -> None:
    rows = [[p, f"pseudonym-{p:04d}", language_of[p], _iso(started[p]), _iso(completed[p])]
            for p in participants]
    _write_csv(folder / "participants.csv",
               ["participant", "pseudonym", "language", "started_at", "completed_at"], rows)


def _write_answers(folder: Path, participants, groups, started, rng) -> None:
    rows = []
    for p in participants:
        moment = _iso(started[p] + timedelta(minutes=2))
        # Group 0 leans towards cycling and green; others towards the car and housing.
        leaning = groups[p] % 2 == 0
        transport = rng.choice(["bike", "car", "transit", "walk"],
                               p=[0.6, 0.1, 0.2, 0.1] if leaning else [0.15, 0.55, 0.2, 0.1])
        rows.append([p, 1, "transport", "single_choice", transport, moment])
        if rng.random() < 0.9:  # an optional question some skip
            scale = rng.choice([1, 2, 3, 4, 5], p=[0.05, 0.1, 0.25, 0.4, 0.2])
            rows.append([p, 1, "satisfaction", "scale", int(scale), moment])
        options = ["housing", "green", "safety", "mobility"]
        weights = [0.3, 0.7, 0.4, 0.5] if leaning else [0.7, 0.2, 0.5, 0.4]
        chosen = [o for o, w in zip(options, weights, strict=True) if rng.random() < w]
        for option in chosen or ["safety"]:
            rows.append([p, 1, "priorities", "multiple_choice", option, moment])
    _write_csv(folder / "answers.csv", ["participant", "survey_version", "step_id", "step_type",
                                        "value", "answered_at"], rows)


def _append_open_answers(folder: Path, participants, started, rng) -> None:
    """About two in three answer the open question; half of them with a theme's most common
    answer word for word. Its own generator, so the rest of the consultation is unchanged."""
    themes = list(OPEN_ANSWERS)
    rows = []
    for p in participants:
        if rng.random() < 0.35:
            continue
        answers = OPEN_ANSWERS[themes[int(rng.integers(len(themes)))]]
        text = answers[0] if rng.random() < 0.5 else str(rng.choice(answers[1:]))
        rows.append([p, 1, "closing", "free_text", text,
                     _iso(started[p] + timedelta(minutes=15))])
    with (folder / "answers.csv").open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def _write_proposals(folder: Path, proposals, started) -> None:
    rows = [[comment_id, author, "ideas", "approved",
             _iso(started[author] + timedelta(minutes=5)), text]
            for comment_id, author, _, text in proposals]
    _write_csv(folder / "proposals.csv",
               ["comment-id", "participant", "step_id", "status", "created_at", "text"], rows)
