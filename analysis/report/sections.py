"""Each section's numbers, as `Table`s: counting and arranging only.

Every statistic that needs a method (groups, consensus, representativeness, divisiveness,
themes) comes from `Analyses`; here votes and answers are only counted and turned into
percentages, and breakdowns for groups smaller than five people are suppressed.

Vote percentages are shares of everyone who voted on a proposal (agree + disagree + pass), so
"agree %" and "disagree %" do not add up to 100 when people passed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np

from analysis.report.analyses import Analyses
from analysis.report.data import ReportData, localized
from analysis.report.tables import SUPPRESSED, Cell, Table, is_small, percent

CLOSED_TYPES = ("single_choice", "multiple_choice", "scale")


@dataclass(frozen=True)
class Question:
    """A closed question: its option values in order and their labels."""

    step_id: str
    step_type: str
    text: str
    values: list[str]
    labels: list[str]


def headline(data: ReportData, analyses: Analyses) -> Table:
    result = analyses.opinions
    started = [p.started_at for p in data.participants if p.started_at]
    if data.is_polis:
        participants = len(result.participant_ids)
        completed = None
    else:
        participants = len(data.participants)
        completed = sum(1 for p in data.participants if p.completed_at)
    times = [datetime.fromtimestamp(t, UTC) for t in (data.vote_times.min(initial=np.inf),
                                                       data.vote_times.max(initial=-np.inf))
             if np.isfinite(t)]
    first = min([*started, *times], default=None)
    last = max([*[p.completed_at for p in data.participants if p.completed_at], *times],
               default=None)
    accepted = int(np.sum(~result.moderated_out))  # a flag per statement, not a list of ids
    rows: list[list] = [
        ["participants", participants],
        ["completed", "" if completed is None else completed],
        ["completion_percent", "" if completed is None else percent(completed, participants)],
        ["proposals", accepted],
        ["votes", int(result.counts.seen.sum())],
        ["vote_events", len(data.export.votes)],
        ["opinion_groups", result.n_groups],
        ["first_activity", first.date().isoformat() if first else ""],
        ["last_activity", last.date().isoformat() if last else ""],
    ]
    if data.survey:
        for key in ("opens", "closes"):
            rows.append([key, (data.survey.get(key) or "")[:10]])
    return Table("headline", ["metric", "value"], rows)


def participation(data: ReportData) -> Table:
    """Per day: new participants, completions and vote events."""
    new: Counter[str] = Counter()
    done: Counter[str] = Counter()
    if data.participants:
        for p in data.participants:
            if p.started_at:
                new[p.started_at.date().isoformat()] += 1
            if p.completed_at:
                done[p.completed_at.date().isoformat()] += 1
    votes: Counter[str] = Counter()
    first_vote: dict[int, float] = {}
    voters = data.export.votes.participant
    for voter, moment in zip(voters.tolist(), data.vote_times.tolist(), strict=False):
        votes[_day(moment)] += 1
        first_vote[voter] = min(first_vote.get(voter, moment), moment)
    if not data.participants:  # Pol.is: a participant "arrives" with their first vote
        new = Counter(_day(moment) for moment in first_vote.values())
    days = sorted(set(new) | set(votes) | set(done))
    if days:
        days = _every_day(days[0], days[-1])
    return Table("participation_by_day", ["date", "new_participants", "completed", "votes"],
                 [[day, new[day], done[day], votes[day]] for day in days])


def languages(data: ReportData) -> Table:
    counts = Counter(p.language or "?" for p in data.participants)
    return Table("participants_by_language", ["language", "participants"],
                 [[lang, SUPPRESSED if is_small(n) else n] for lang, n in counts.most_common()])


def closed_questions(data: ReportData, language: str) -> list[Question]:
    if not data.survey:
        return []
    questions = []
    for step in data.survey.get("steps", []):
        if step.get("type") not in CLOSED_TYPES:
            continue
        if step["type"] == "scale":
            values = [str(v) for v in range(int(step.get("minimum", 1)),
                                             int(step.get("maximum", 5)) + 1)]
            labels = list(values)
            for end, key in ((0, "min_label"), (-1, "max_label")):
                if step.get(key):
                    labels[end] = f"{values[end]} ({localized(step[key], language)})"
        else:
            options = step.get("options", [])
            values = [o["id"] for o in options]
            labels = [localized(o.get("label"), language) for o in options]
        questions.append(Question(step["id"], step["type"], localized(step.get("text"),
                                                                         language),
                                  values, labels))
    return questions


def question_table(data: ReportData, question: Question) -> Table:
    """Counts and percentages of respondents per option (multiple choice: may sum over 100)."""
    chosen = _choices(data, question.step_id)
    respondents = len(chosen)
    counts = Counter(value for values in chosen.values() for value in values)
    return Table(f"question_{question.step_id}",
                 ["option", "label", "count", "percent", "respondents"],
                 [[value, label, counts[value], percent(counts[value], respondents), respondents]
                  for value, label in zip(question.values, question.labels, strict=True)])


def question_by_group(data: ReportData, analyses: Analyses, question: Question) -> Table | None:
    """The same per opinion group; a group with fewer than five respondents is suppressed."""
    if analyses.opinions.n_groups < 2:
        return None
    group_of = analyses.opinions.group_of()
    chosen = _choices(data, question.step_id)
    rows = []
    for g, name in enumerate(analyses.group_names):
        members = {p: values for p, values in chosen.items() if group_of.get(p) == g}
        counts = Counter(value for values in members.values() for value in values)
        small = is_small(len(members)) or analyses.group_is_small(g)
        for value, label in zip(question.values, question.labels, strict=True):
            rows.append([name, value, label,
                         SUPPRESSED if small else len(members),
                         SUPPRESSED if small else counts[value],
                         SUPPRESSED if small else percent(counts[value], len(members))])
    return Table(f"question_{question.step_id}_by_group",
                 ["group", "option", "label", "respondents", "count", "percent"], rows)


def groups(analyses: Analyses) -> Table:
    result = analyses.opinions
    stability = result.participant_stability
    rows = []
    for g, name in enumerate(analyses.group_names):
        members = result.groups == g
        # NaN: not measured (too few people to rerun on a sample); that cell stays empty.
        measured = stability[members & ~np.isnan(stability)]
        if analyses.group_is_small(g):
            cell: Cell = SUPPRESSED
        else:
            cell = round(100 * float(measured.mean()), 1) if measured.size else None
        rows.append([name, int(members.sum()), cell])
    ungrouped = int(np.sum(result.groups < 0))
    if ungrouped:
        rows.append(["-", ungrouped, None])
    return Table("opinion_groups", ["group", "participants", "stability_percent"], rows)


def representative(data: ReportData, analyses: Analyses) -> Table:
    """What each group stands for: Pol.is's representative statements, with their evidence."""
    table = Table("group_representative", ["group", "comment_id", "direction", "votes_in_group",
                                           "share_percent", "repness", "text"])
    for g, name in enumerate(analyses.group_names):
        if analyses.group_is_small(g):
            table.rows.append([name, SUPPRESSED, "", "", "", "", ""])
            continue
        for pick in analyses.opinions.representative.get(g, []):
            table.rows.append([name, data.comment_label(pick.comment_id), pick.direction, pick.seen,
                               percent(pick.successes, pick.seen),
                               round(pick.repness or 0.0, 2), data.texts.get(pick.comment_id)])
    return table


def vote_shares(analyses: Analyses, comment_ids: list[int]) -> dict[str, dict[int, tuple]]:
    """Agree and disagree percent per proposal, for everyone ("all") and per group name;
    NaN for suppressed groups."""
    result = analyses.opinions
    column = {int(c): i for i, c in enumerate(result.comment_ids.tolist())}
    shares: dict[str, dict[int, tuple]] = defaultdict(dict)
    counts = result.counts
    for c in comment_ids:
        i = column[c]
        seen = int(counts.seen[i])
        shares["all"][c] = (percent(counts.agrees[i], seen), percent(counts.disagrees[i], seen))
        for g, name in enumerate(analyses.group_names):
            g_seen = int(result.group_counts.seen[g, i])
            if analyses.group_is_small(g):
                shares[name][c] = (np.nan, np.nan)
            else:
                shares[name][c] = (percent(result.group_counts.agrees[g, i], g_seen),
                                   percent(result.group_counts.disagrees[g, i], g_seen))
    return shares


def proposals_table(data: ReportData, analyses: Analyses, name: str,
                    comment_ids: list[int]) -> Table:
    """Vote counts, consensus and divisiveness of `comment_ids`, overall and per group."""
    result = analyses.opinions
    column = {int(c): i for i, c in enumerate(result.comment_ids.tolist())}
    shares = vote_shares(analyses, comment_ids)
    group_columns = [f"{kind}_percent_group_{g}" for g in analyses.group_names
                     for kind in ("agree", "disagree")]
    table = Table(name, ["comment_id", "agrees", "disagrees", "passes", "agree_percent",
                         "disagree_percent", "consensus", "divisiveness", *group_columns,
                         "theme", "text"])
    for c in comment_ids:
        i = column[c]
        per_group = []
        for g in analyses.group_names:
            agree, disagree = shares[g][c]
            per_group += [SUPPRESSED if np.isnan(agree) else agree,
                          SUPPRESSED if np.isnan(disagree) else disagree]
        table.rows.append([data.comment_label(c), int(result.counts.agrees[i]),
                           int(result.counts.disagrees[i]), int(result.counts.passes[i]),
                           *shares["all"][c],
                           round(float(result.consensus[i]), 3),
                           round(float(result.divisiveness[i]), 3), *per_group,
                           _theme_number(analyses, c), data.texts.get(c, "")])
    return table


def _theme_number(analyses: Analyses, comment_id: int) -> int | str:
    return analyses.theme_of.get(comment_id, "")


def _choices(data: ReportData, step_id: str) -> dict[int, list[str]]:
    chosen: dict[int, list[str]] = defaultdict(list)
    for answer in data.answers:
        if answer.step_id == step_id:
            chosen[answer.participant].append(answer.value)
    return chosen


def _day(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).date().isoformat()


def _every_day(first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
