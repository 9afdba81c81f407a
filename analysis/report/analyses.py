"""Run the analyses the report builds on; this module does no math of its own.

* opinion groups, consensus, representativeness, divisiveness, ranking and stability:
  `analysis.opinions.analyse` on the export's vote events;
* themes among the proposals, given each proposal's agree and disagree counts so every theme
  has a support figure, and themes among the answers to each open (free_text) question: both
  through the report's one adapter to analysis.themes, `theme_view.themes_of_texts`.

Groups are named A, B, C… in the order `analyse` numbers them (largest first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import ascii_uppercase

import numpy as np

from analysis.opinions import OpinionResult, analyse
from analysis.report.data import ReportData, localized
from analysis.report.tables import is_small
from analysis.report.theme_view import Themes, themes_of_texts


@dataclass(frozen=True)
class OpenAnswers:
    """The answers to one free_text step (one per respondent) and their themes."""

    step_id: str
    question: str
    answers: list[str]
    themes: Themes


@dataclass
class Analyses:
    opinions: OpinionResult
    themes: Themes  # of the proposals; rows index `themed_comment_ids`
    themed_comment_ids: list[int] = field(default_factory=list)
    open_answers: list[OpenAnswers] = field(default_factory=list)

    @property
    def group_names(self) -> list[str]:
        return [ascii_uppercase[g % 26] for g in range(self.opinions.n_groups)]

    @property
    def group_sizes(self) -> list[int]:
        return self.opinions.group_sizes()

    def group_is_small(self, group: int) -> bool:
        return is_small(self.group_sizes[group])

    @property
    def shown_groups(self) -> list[int]:
        """Groups large enough to show a breakdown for (the rest are suppressed)."""
        return [g for g in range(self.opinions.n_groups) if not self.group_is_small(g)]

    @property
    def theme_of(self) -> dict[int, int]:
        """comment id -> theme number (from 1); proposals in no theme are left out."""
        return {self.themed_comment_ids[row]: theme.number
                for theme in self.themes.themes for row in theme.rows}


def run_analyses(data: ReportData, random_state: int = 0, max_groups: int = 5,
                 n_themes: int | None = None, language: str = "nl") -> Analyses:
    opinions = analyse(data.export.votes, data.export.comments, random_state=random_state,
                       max_groups=max_groups)
    accepted = ~opinions.moderated_out  # a flag per statement (not ids, unlike CommentTable's)
    comment_ids = [int(c) for c in opinions.comment_ids[accepted]]
    columns = np.flatnonzero(accepted)
    themes = themes_of_texts([data.texts.get(c, "") for c in comment_ids], language,
                             random_state, agrees=opinions.counts.agrees[columns].tolist(),
                             disagrees=opinions.counts.disagrees[columns].tolist(),
                             n_themes=n_themes)
    return Analyses(opinions, themes, comment_ids,
                    open_answers(data, language, random_state))


def open_answers(data: ReportData, language: str, random_state: int = 0) -> list[OpenAnswers]:
    """Per free_text step of the survey, in survey order: its non-empty answers and themes."""
    if not data.survey:
        return []
    found = []
    for step in data.survey.get("steps", []):
        if step.get("type") != "free_text":
            continue
        answers = [a.value for a in sorted(data.answers, key=lambda a: a.participant)
                   if a.step_id == step["id"] and a.value.strip()]
        found.append(OpenAnswers(step["id"], localized(step.get("text"), language), answers,
                                 themes_of_texts(answers, language, random_state)))
    return found
