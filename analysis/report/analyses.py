"""Run the two analyses the report builds on; this module does no math of its own.

* opinion groups, consensus, representativeness, divisiveness, ranking and stability:
  `analysis.opinions.analyse` on the export's vote events;
* themes among the proposals: `analysis.themes.model.ThemeModel`, given each proposal's agree
  and disagree counts so every theme has a support figure.

Groups are named A, B, C… in the order `analyse` numbers them (largest first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import ascii_uppercase

import numpy as np

from analysis.opinions import OpinionResult, analyse
from analysis.report.data import ReportData
from analysis.report.tables import is_small
from analysis.themes.model import ThemeModel

MIN_TEXTS_FOR_THEMES = 6  # below this, "themes" would be a list of single proposals
# A report lists every theme with examples; beyond 40 nobody reads them all, so the automatic
# choice stays below this here (ThemeModel's own bound, 100, is for analysts and benchmarks).
MAX_THEMES_IN_REPORT = 40


@dataclass
class Analyses:
    opinions: OpinionResult
    themes: ThemeModel | None
    theme_of: dict[int, int] = field(default_factory=dict)  # comment id -> theme id (-1 other)
    themed_comment_ids: list[int] = field(default_factory=list)

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


def run_analyses(data: ReportData, random_state: int = 0, max_groups: int = 5,
                 n_themes: int | None = None) -> Analyses:
    opinions = analyse(data.export.votes, data.export.comments, random_state=random_state,
                       max_groups=max_groups)
    accepted = ~opinions.moderated_out  # a flag per statement (not ids, unlike CommentTable's)
    comment_ids = [int(c) for c in opinions.comment_ids[accepted]]
    texts = [data.texts.get(c, "") for c in comment_ids]
    if len(texts) < MIN_TEXTS_FOR_THEMES:
        return Analyses(opinions, None)
    columns = np.flatnonzero(accepted)
    model = ThemeModel(n_themes=n_themes, max_themes=MAX_THEMES_IN_REPORT,
                       random_state=random_state)
    model.fit(texts, agrees=opinions.counts.agrees[columns].tolist(),
              disagrees=opinions.counts.disagrees[columns].tolist())
    theme_of = {c: int(label) for c, label in zip(comment_ids, model.labels_, strict=True)}
    return Analyses(opinions, model, theme_of, comment_ids)
