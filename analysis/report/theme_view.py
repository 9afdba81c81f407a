"""The report's one adapter to analysis.themes: any list of texts -> themes the report shows.

Proposals and open answers go through the same `ThemeModel`; the report only reads a theme's
name, description, size, members and representative texts here. When the themes package gives
a theme a readable `name` and a `description`, they are used; until then the name is its
label and the description is built from its distinctive terms (see `_description`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from analysis.report import i18n
from analysis.themes.describe import agree_share
from analysis.themes.model import ThemeModel
from analysis.themes.text import normalise

MIN_TEXTS_FOR_THEMES = 6  # below this, "themes" would be a list of single texts
# A report lists every theme; beyond 40 nobody reads them all, so the automatic choice stays
# below this here (ThemeModel's own bound, 100, is for analysts and benchmarks).
MAX_THEMES_IN_REPORT = 40


@dataclass(frozen=True)
class ThemeView:
    number: int  # from 1, as readers count
    name: str
    description: str
    rows: list[int]  # indexes of its texts in the list given, most central first where known
    quotes: list[int]  # indexes of its representative texts (never near-duplicates)
    agrees: int | None = None
    disagrees: int | None = None

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def support(self) -> float | None:
        """agree / (agree + disagree) over the votes on its texts (None without votes)."""
        return agree_share(self.agrees, self.disagrees)


@dataclass(frozen=True)
class Themes:
    themes: list[ThemeView]
    other: list[int]  # indexes of the texts in no theme
    model: ThemeModel | None  # for the methodology section; None when there were too few texts


def themes_of_texts(texts: Sequence[str], language: str, random_state: int = 0,
                    agrees: Sequence[int] | None = None,
                    disagrees: Sequence[int] | None = None,
                    n_themes: int | None = None) -> Themes:
    """Cluster `texts` into themes (automatic number unless `n_themes`).

    Without votes (open answers), an answer many people gave word for word is clustered once:
    repeating a text does not make it a theme of its own; it still counts once per person in
    the theme's size.
    """
    texts = list(texts)
    if agrees is None and disagrees is None:
        key_of = [normalise(t) for t in texts]
        distinct = list(dict.fromkeys(key_of))
        first = {key: key_of.index(key) for key in distinct}
        found = _themes([texts[first[key]] for key in distinct], language, random_state,
                        None, None, n_themes)
        position = {key: k for k, key in enumerate(distinct)}
        rows_of = [[] for _ in distinct]
        for row, key in enumerate(key_of):
            rows_of[position[key]].append(row)
        expanded = [replace(theme, rows=[r for k in theme.rows for r in rows_of[k]],
                            quotes=[first[distinct[k]] for k in theme.quotes])
                    for theme in found.themes]
        expanded.sort(key=lambda theme: (-theme.size, theme.number))  # most people first
        return Themes([replace(theme, number=n) for n, theme in enumerate(expanded, start=1)],
                      [r for k in found.other for r in rows_of[k]], found.model)
    return _themes(texts, language, random_state, agrees, disagrees, n_themes)


def _themes(texts: list[str], language: str, random_state: int,
            agrees: Sequence[int] | None, disagrees: Sequence[int] | None,
            n_themes: int | None) -> Themes:
    if sum(1 for t in texts if t.strip()) < MIN_TEXTS_FOR_THEMES:
        return Themes([], list(range(len(texts))), None)
    model = ThemeModel(n_themes=n_themes, max_themes=MAX_THEMES_IN_REPORT,
                       random_state=random_state)
    model.fit(texts, agrees=agrees, disagrees=disagrees)
    views = []
    # A council reads the top-level themes where the model groups fine themes beneath them
    # (`topics_`, with every member listed); otherwise the themes themselves.
    for number, theme in enumerate(getattr(model, "topics_", None) or model.themes_, start=1):
        rows = list(getattr(theme, "member_rows", None) or
                    np.flatnonzero(model.labels_ == theme.id).tolist())
        views.append(ThemeView(
            number=number,
            name=str(getattr(theme, "name", None) or theme.label),
            description=str(getattr(theme, "description", None) or
                            _description(theme.terms, language)),
            rows=rows, quotes=list(theme.representative_rows),
            agrees=theme.agrees, disagrees=theme.disagrees))
    other = np.flatnonzero(model.labels_ < 0).tolist()
    return Themes(views, other, model)


def _description(terms: Sequence[str], language: str) -> str:
    """'Texts about a, b and c' from the theme's distinctive terms."""
    terms = [t for t in terms if t]
    if not terms:
        return ""
    listed = terms[0] if len(terms) == 1 else (
        ", ".join(terms[:-1]) + f" {i18n.text(language, 'and')} {terms[-1]}")
    return i18n.text(language, "theme_about", terms=listed)
