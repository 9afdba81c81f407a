"""What the report may claim about a statement: the one rule behind every "nearly everyone".

The HTML page, the PDF and findings.json all take their claims from here, so the three can
never disagree, in either language.

* **Nearly everyone agrees** (`NEARLY_EVERYONE`): at least two thirds of the voters agreed in
  *every* opinion group (agree / everyone in the group who voted on it, passes included), no
  group left without votes on it, two thirds of all its voters agreed too, and it has at least
  `MIN_VOTES` votes in all.
* **Most groups agree** (`MOST_GROUPS`): the same two thirds in more than half of the groups,
  at least `MIN_VOTES` votes, but not in every group. The report then shows each group's figure.
* **Divides** (`DIVIDES`): at least `MIN_VOTES` votes and the groups' agree shares lie at least
  `DIVIDING_GAP` apart; ranked by the analysis's divisiveness (smoothed, so a group of two
  cannot top the list on its own).
* A figure **rests on few votes** when fewer than `FEW_VOTES` people voted: the report says so.

Without opinion groups (too few votes to form them), everyone who voted counts as one group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.report.analyses import Analyses

NEARLY_EVERYONE = "nearly_everyone"
MOST_GROUPS = "most_groups"
DIVIDES = "divides"
AGREE_SHARE = 2 / 3
MIN_VOTES = 10
FEW_VOTES = 10
DIVIDING_GAP = 0.3
PASSED_SHARE = 0.3  # "mostly passed on" lists statements at least this share of voters skipped
CLAIMS_SHOWN = 5


@dataclass(frozen=True)
class GroupFigures:
    """One group's votes on one statement; `suppressed`: fewer than 5 people, not shown."""

    group: str
    agrees: int
    disagrees: int
    passes: int
    suppressed: bool = False

    @property
    def votes(self) -> int:
        return self.agrees + self.disagrees + self.passes

    @property
    def agree_share(self) -> float | None:
        return self.agrees / self.votes if self.votes else None

    @property
    def few_votes(self) -> bool:
        return self.votes < FEW_VOTES


@dataclass(frozen=True)
class StatementFigures:
    """Everyone's and each group's votes on one statement."""

    comment_id: int
    agrees: int
    disagrees: int
    passes: int
    groups: tuple[GroupFigures, ...]
    divisiveness: float = 0.0

    @property
    def votes(self) -> int:
        return self.agrees + self.disagrees + self.passes

    def share(self, kind: str) -> float | None:
        """Share of the voters who agreed / disagreed / passed (None without votes)."""
        count = {"agree": self.agrees, "disagree": self.disagrees, "pass": self.passes}[kind]
        return count / self.votes if self.votes else None

    @property
    def few_votes(self) -> bool:
        return self.votes < FEW_VOTES

    @property
    def judged_groups(self) -> tuple[GroupFigures, ...]:
        """The groups the rule looks at: every opinion group, or everyone as one group."""
        if self.groups:
            return self.groups
        return (GroupFigures("", self.agrees, self.disagrees, self.passes),)


def agreement(figures: StatementFigures) -> str | None:
    """`NEARLY_EVERYONE`, `MOST_GROUPS` or None: the rule in the module docstring."""
    if figures.votes < MIN_VOTES:
        return None
    overall = figures.share("agree") or 0.0
    agreeing = [g for g in figures.judged_groups
                if g.votes and (g.agree_share or 0.0) >= AGREE_SHARE]
    if len(agreeing) == len(figures.judged_groups) and overall >= AGREE_SHARE:
        return NEARLY_EVERYONE
    if len(figures.judged_groups) > 1 and 2 * len(agreeing) > len(figures.judged_groups):
        return MOST_GROUPS
    return None


def divides(figures: StatementFigures) -> bool:
    shares = [g.agree_share for g in figures.groups if g.votes]
    return (figures.votes >= MIN_VOTES and len(shares) >= 2
            and max(shares) - min(shares) >= DIVIDING_GAP)


def statement_figures(analyses: Analyses) -> dict[int, StatementFigures]:
    """Figures of every statement not moderated out, by comment id (in id order)."""
    result = analyses.opinions
    counts, by_group = result.counts, result.group_counts
    figures = {}
    for i, comment_id in enumerate(result.comment_ids.tolist()):
        if result.moderated_out[i]:
            continue
        groups = tuple(
            GroupFigures(name, int(by_group.agrees[g, i]), int(by_group.disagrees[g, i]),
                         int(by_group.passes[g, i]), analyses.group_is_small(g))
            for g, name in enumerate(analyses.group_names))
        figures[int(comment_id)] = StatementFigures(
            int(comment_id), int(counts.agrees[i]), int(counts.disagrees[i]),
            int(counts.passes[i]), groups, float(result.divisiveness[i]))
    return dict(sorted(figures.items()))


def consensus_claims(figures: dict[int, StatementFigures]) -> list[StatementFigures]:
    """Every statement the rule allows a claim of agreement for: first those nearly everyone
    agrees on, then those most groups agree on; within each, the lowest group's agree share
    (the weakest link) highest first, then the most votes."""
    def weakest(f: StatementFigures) -> float:
        return min((g.agree_share or 0.0) for g in f.judged_groups)

    levels = {c: agreement(f) for c, f in figures.items()}
    ranked = [f for f in figures.values() if levels[f.comment_id] is not None]
    ranked.sort(key=lambda f: (levels[f.comment_id] != NEARLY_EVERYONE, -weakest(f), -f.votes,
                               f.comment_id))
    return ranked


def divisive_claims(figures: dict[int, StatementFigures]) -> list[StatementFigures]:
    """Statements that divide the groups (see `divides`), most divisive first."""
    found = [f for f in figures.values() if divides(f)]
    found.sort(key=lambda f: (-f.divisiveness, -f.votes, f.comment_id))
    return found


def mostly_passed(figures: dict[int, StatementFigures]) -> list[StatementFigures]:
    """Statements many voters skipped (unclear, or they did not know): Pol.is shows these too.
    At least `MIN_VOTES` votes and `PASSED_SHARE` passes; most passes first."""
    found = [f for f in figures.values()
             if f.votes >= MIN_VOTES and (f.share("pass") or 0.0) >= PASSED_SHARE]
    found.sort(key=lambda f: (-(f.share("pass") or 0.0), -f.votes, f.comment_id))
    return found


def agree_by_group(figures: StatementFigures) -> dict[str, float | None]:
    """Each group's agree share, rounded to 3 decimals; None for a suppressed or unvoted group
    (findings.json and the page show the same)."""
    return {g.group: (None if g.suppressed or g.agree_share is None
                      else round(float(np.round(g.agree_share, 3)), 3))
            for g in figures.groups}
