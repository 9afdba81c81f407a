"""Themes of any list of texts, ready to show: proposals, or the answers to an open question.

>>> result = find_themes(["Meer bomen in de straat", ...], ids=[101, 102, ...])
>>> topic = result.themes[0]
>>> topic.name, topic.description, topic.size, topic.ids, topic.quotes
("Bomen in versteende straten", "Vaak genoemd: …. Typerend: “…”", 12, [101, …], ["…", "…"])
>>> topic.subthemes          # the same fields, one level down (empty for a theme of one part)

The texts are grouped and named by :class:`analysis.themes.model.ThemeModel`: 5 to 12
top-level themes (fewer when the texts hold fewer), each with sub-themes when it joins several
fine themes (:mod:`analysis.themes.tree`); names and descriptions are phrases the texts use, in
their language (:mod:`analysis.themes.naming`). Quotes are 2–3 typical texts of the theme,
never two versions of the same text (:func:`analysis.themes.describe.pick_representatives`).

Everything shown (names, descriptions, quotes) is made of the citizens' own words: render it
as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.themes.describe import Theme, agree_share
from analysis.themes.model import ThemeModel

# With fewer texts than this there are no themes to find (ThemeModel's automatic choice needs
# min_theme_size texts per theme); every text is "other".
MIN_TEXTS = 3


@dataclass(frozen=True)
class TextTheme:
    """One theme of a list of texts, in the caller's ids."""

    name: str
    description: str
    size: int
    ids: list[Hashable]  # every text of the theme, in input order
    quotes: list[str]  # 2–3 typical texts, no two near-duplicates (fewer if it has fewer)
    quote_ids: list[Hashable]
    key_phrases: list[str]  # its most telling phrases, name first
    subthemes: list[TextTheme] = field(default_factory=list)
    agrees: int | None = None
    disagrees: int | None = None

    @property
    def support(self) -> float | None:
        """Share of agree votes among agree + disagree votes (None without votes)."""
        return agree_share(self.agrees, self.disagrees)


@dataclass(frozen=True)
class TextThemes:
    themes: list[TextTheme]  # top-level themes, largest first
    other_ids: list[Hashable]  # texts in no theme (empty ones among them)
    model: ThemeModel | None  # the fitted model (None when there were too few texts)


def find_themes(
    texts: Sequence[str],
    ids: Sequence[Hashable] | None = None,
    *,
    agrees: Sequence[int] | None = None,
    disagrees: Sequence[int] | None = None,
    max_themes: int = 40,
    max_topics: int = 12,
    random_state: int = 0,
) -> TextThemes:
    """Themes of ``texts`` (proposals, or free-text answers), named and described.

    ``ids`` name the texts in the result (default: their positions). ``agrees`` and
    ``disagrees`` (per text, both or neither) give each theme a support figure. The number of
    fine themes is chosen automatically up to ``max_themes``; they are grouped beneath at most
    ``max_topics`` top-level themes.
    """
    ids = list(range(len(texts))) if ids is None else list(ids)
    if len(ids) != len(texts):
        raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
    texts = ["" if text is None else str(text) for text in texts]
    if sum(bool(text.strip()) for text in texts) < MIN_TEXTS:
        return TextThemes([], ids, None)
    model = ThemeModel(max_themes=max_themes, max_topics=max_topics, random_state=random_state)
    model.fit(texts, agrees=agrees, disagrees=disagrees)
    themes = [_convert(topic, texts, ids) for topic in model.topics_]
    other = [ids[row] for row in np.flatnonzero(model.labels_ < 0)]
    return TextThemes(themes, other, model)


def _convert(theme: Theme, texts: list[str], ids: list[Hashable]) -> TextTheme:
    return TextTheme(
        name=theme.label,
        description=theme.description,
        size=theme.size,
        ids=[ids[row] for row in theme.member_rows],
        quotes=[texts[row] for row in theme.representative_rows],
        quote_ids=[ids[row] for row in theme.representative_rows],
        key_phrases=list(theme.terms),
        subthemes=[_convert(sub, texts, ids) for sub in theme.subthemes],
        agrees=theme.agrees,
        disagrees=theme.disagrees,
    )
