"""Short-text themes: cluster free-text proposals into named themes, and find near-duplicates.

* :mod:`analysis.themes.text` — normalisation shared by everything here;
* :mod:`analysis.themes.similar` — near-duplicates (``most_similar``, ``near_duplicate_pairs``).
"""
