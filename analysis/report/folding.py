"""Near-duplicate proposals folded into one line: "“…” (and 3 similar proposals)".

Citizens often write the same proposal several times with small changes; a top list or a theme
showing it three times says less than three different proposals. Near-duplicates are found
with the same measure the bot uses to offer "similar proposals" (analysis.themes.similar).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.themes.similar import NEAR_DUPLICATE, vectorise
from analysis.themes.text import normalise


def fold(ids: Sequence[int], texts: Mapping[int, str]) -> list[tuple[int, list[int]]]:
    """`ids` in order of preference -> [(shown id, [ids of its near-duplicates])].

    Each shown id is the first of its near-duplicates in `ids`, so the caller's order decides
    which version is shown (the best ranked, or the most voted).
    """
    ids = list(ids)
    if not ids:
        return []
    vectors = vectorise([texts.get(i, "") for i in ids])
    keys = [normalise(texts.get(i, "")) for i in ids]
    similarity = (vectors @ vectors.T).toarray()
    taken = [False] * len(ids)
    folded = []
    for k, comment_id in enumerate(ids):
        if taken[k]:
            continue
        taken[k] = True
        similar = []
        for j in range(k + 1, len(ids)):
            if not taken[j] and (similarity[k, j] >= NEAR_DUPLICATE or keys[j] == keys[k]):
                taken[j] = True
                similar.append(ids[j])
        folded.append((comment_id, similar))
    return folded
