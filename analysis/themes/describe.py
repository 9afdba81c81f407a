"""Naming themes and choosing the proposals that show what a theme is about.

* **Label**: the theme's most distinctive terms by class-based TF-IDF (c-TF-IDF, as in
  BERTopic): all texts of a theme are treated as one document, in which each text counts
  once per term (so the count is how many proposals use it, which one long text cannot
  inflate); a term scores high when many of the theme's texts use it and few texts
  elsewhere do. The top terms that do not repeat each other (``fiets`` is dropped after
  ``fiets parkeren``) are joined, spelled as people wrote them.
* **Representatives**: the members closest to the theme's centre in LSA space, so they show
  the theme's core rather than its edge, and no two of them near-duplicates of each other: a
  theme's core is often one proposal written several times with small changes, and showing it
  three times says less than three different proposals. When votes are given, each pick is the
  most-voted version of its near-duplicates: the wording people actually judged.
* **Support** (when votes are given): agree votes / (agree + disagree) over the theme's texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from analysis.themes.features import TextFeatures
from analysis.themes.similar import NEAR_DUPLICATE, vectorise
from analysis.themes.text import join_words, normalise, surface_forms

OTHER = "other"
LABEL_TERMS = 3
REPRESENTATIVES = 3
# Representatives are looked for among this many members closest to the centre: a theme's
# core is there, and near-duplicates of a central proposal are central too.
REPRESENTATIVE_CANDIDATES = 100


@dataclass(frozen=True)
class Theme:
    id: int
    label: str
    size: int
    terms: list[str] = field(default_factory=list)
    representative_rows: list[int] = field(default_factory=list)
    representatives: list[str] = field(default_factory=list)
    agrees: int | None = None
    disagrees: int | None = None
    # What its texts ask for: its telling phrases and its most typical text, shortened.
    description: str = ""
    # Every text of the theme (rows of the input), in input order.
    member_rows: list[int] = field(default_factory=list)
    # Top-level themes (ThemeModel.topics_): the sub-themes beneath, when there are several.
    subthemes: list[Theme] = field(default_factory=list)
    # Sub-themes (ThemeModel.themes_): the id of the top-level theme they belong to.
    parent: int | None = None

    @property
    def support(self) -> float | None:
        """Share of agree votes among agree + disagree votes on the theme's texts."""
        return agree_share(self.agrees, self.disagrees)


def agree_share(agrees: int | None, disagrees: int | None) -> float | None:
    """Share of agree votes among agree + disagree votes; None without votes."""
    if agrees is None or disagrees is None or agrees + disagrees == 0:
        return None
    return agrees / (agrees + disagrees)


def describe_themes(
    texts: Sequence[str],
    labels: np.ndarray,
    features: TextFeatures,
    lsa_vectors: np.ndarray,
    agrees: Sequence[int] | None = None,
    disagrees: Sequence[int] | None = None,
) -> tuple[np.ndarray, list[Theme]]:
    """Renumber themes by size (0 = largest; -1 stays "other") and describe each one."""
    if (agrees is None) != (disagrees is None):
        raise ValueError("give both agrees and disagrees, or neither")
    for name, votes in (("agrees", agrees), ("disagrees", disagrees)):
        if votes is not None and len(votes) != len(texts):
            raise ValueError(f"{name} has {len(votes)} values for {len(texts)} texts")

    old_ids, sizes = np.unique(labels[labels >= 0], return_counts=True)
    order = sorted(range(len(old_ids)), key=lambda i: (-sizes[i], old_ids[i]))
    renumber = {int(old_ids[i]): new for new, i in enumerate(order)}
    new_labels = np.array([renumber.get(int(label), -1) for label in labels], dtype=int)

    terms = _distinctive_terms(features, new_labels, len(order))
    spelling = surface_forms(texts)
    votes = None if agrees is None else np.asarray(agrees) + np.asarray(disagrees)
    themes = []
    for theme_id in range(len(order)):
        members = np.flatnonzero(new_labels == theme_id)
        readable = [join_words([spelling.get(w, w) for w in term.split()])
                    for term in terms[theme_id]]
        rows = pick_representatives(texts, members, lsa_vectors, votes)
        themes.append(Theme(
            id=theme_id,
            label=", ".join(readable) or f"theme {theme_id}",
            size=int(members.size),
            terms=readable,
            representative_rows=rows,
            representatives=[texts[r] for r in rows],
            agrees=None if agrees is None else int(np.asarray(agrees)[members].sum()),
            disagrees=None if disagrees is None else int(np.asarray(disagrees)[members].sum()),
            member_rows=members.tolist(),
        ))
    return new_labels, themes


def _distinctive_terms(
    features: TextFeatures, labels: np.ndarray, n_themes: int
) -> list[list[str]]:
    vocabulary = features.vocabulary
    if n_themes == 0 or vocabulary.size == 0:
        return [[] for _ in range(n_themes)]
    inside = np.flatnonzero(labels >= 0)
    membership = sp.csr_matrix(
        (np.ones(inside.size), (labels[inside], inside)), shape=(n_themes, len(labels))
    )
    # Each text counts once per term: a label should say what many of the theme's proposals
    # are about, and one long text repeating its own words (20,000 characters of "zorg")
    # would otherwise outweigh a dozen short ones that each say "medicijnen" once.
    uses = (features.counts_ > 0).astype(float)
    class_counts = np.asarray((membership @ uses).todense(), dtype=float)
    term_totals = class_counts.sum(axis=0)
    average_words = class_counts.sum() / n_themes
    idf = np.log1p(average_words / np.maximum(term_totals, 1.0))
    scores = normalize(class_counts, norm="l1") * idf
    result = []
    for theme_id in range(n_themes):
        chosen: list[str] = []
        used_words: set[str] = set()
        for column in np.argsort(-scores[theme_id], kind="stable"):
            if len(chosen) == LABEL_TERMS or scores[theme_id, column] <= 0:
                break
            term = str(vocabulary[column])
            words = set(term.split())
            if words & used_words:
                continue
            chosen.append(term)
            used_words |= words
        result.append(chosen)
    return result


def pick_representatives(
    texts: Sequence[str], members: np.ndarray, lsa_vectors: np.ndarray,
    votes: np.ndarray | None,
) -> list[int]:
    """Up to ``REPRESENTATIVES`` rows: central members, one per group of near-duplicates.

    Fewer when the theme has fewer distinct proposals (its size still says how many it holds).
    """
    centre = normalize(lsa_vectors[members].mean(axis=0, keepdims=True))
    closeness = lsa_vectors[members] @ centre.ravel()
    candidates = members[np.argsort(-closeness, kind="stable")[:REPRESENTATIVE_CANDIDATES]]
    vectors = vectorise([texts[row] for row in candidates])
    keys = [normalise(texts[row]) for row in candidates]
    taken = np.zeros(candidates.size, dtype=bool)
    rows: list[int] = []
    for index in range(candidates.size):
        if taken[index]:
            continue
        # Its near-duplicates, and exact repeats (texts without content words have no vector).
        similar = (vectors @ vectors[index].T).toarray().ravel() >= NEAR_DUPLICATE
        same = similar | np.array([key == keys[index] for key in keys])
        group = np.flatnonzero(same & ~taken)
        taken |= same
        # argmax takes the first of equal counts: of equally voted versions, the most central.
        best = group[np.argmax(votes[candidates[group]])] if votes is not None else index
        rows.append(int(candidates[best]))
        if len(rows) == REPRESENTATIVES:
            break
    return rows
