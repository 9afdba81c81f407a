"""Short-text themes: cluster free-text proposals into named themes, and find near-duplicates.

* :mod:`analysis.themes.text` — normalisation shared by everything here;
* :mod:`analysis.themes.similar` — near-duplicates (``most_similar``, ``near_duplicate_pairs``);
* :mod:`analysis.themes.model` — ``ThemeModel``, the scikit-learn style estimator, built from
  ``features`` (TF-IDF, expanded by each word's associates), ``clustering`` (LSA, k-means,
  self-training, consensus of runs, a spare theme merged by classifier confusion),
  ``choose_k`` (number of themes by stability against a null reference, clustering with
  ``word_vectors`` learned from the collection) and ``describe`` (representatives, support),
  and named by ``phrases`` (the phrases the texts use), ``naming`` (a title and a description
  per theme) and ``tree`` (5–12 top-level themes with sub-themes beneath);
* :mod:`analysis.themes.summary` — ``find_themes(texts, ids)``: the themes of any list of
  texts (proposals, or the answers to an open question), with names, descriptions, sizes,
  member ids and quotes, ready for a report;
* :mod:`analysis.themes.cli` — ``python -m analysis themes``, reading its input with
  :mod:`analysis.themes.csv_input` (delimiter and encoding of Excel's CSV files).
"""

from __future__ import annotations

from typing import Any

__all__ = ["TextTheme", "TextThemes", "find_themes"]


def __getattr__(name: str) -> Any:
    # Imported when first used: the engine imports analysis.themes.similar on every start and
    # should not pay for the clustering stack it does not use.
    if name in __all__:
        from analysis.themes import summary

        return getattr(summary, name)
    raise AttributeError(f"module 'analysis.themes' has no attribute {name!r}")
