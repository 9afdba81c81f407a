"""Short-text themes: cluster free-text proposals into named themes, and find near-duplicates.

* :mod:`analysis.themes.text` — normalisation shared by everything here;
* :mod:`analysis.themes.similar` — near-duplicates (``most_similar``, ``near_duplicate_pairs``);
* :mod:`analysis.themes.model` — ``ThemeModel``, the scikit-learn style estimator, built from
  ``features`` (TF-IDF, expanded by each word's associates), ``clustering`` (LSA, k-means,
  self-training, consensus of runs, a spare theme merged by classifier confusion),
  ``choose_k`` (number of themes by stability against a null reference, clustering with
  ``word_vectors`` learned from the collection) and ``describe`` (labels, representatives, support);
* :mod:`analysis.themes.cli` — ``python -m analysis themes``, reading its input with
  :mod:`analysis.themes.csv_input` (delimiter and encoding of Excel's CSV files).
"""
