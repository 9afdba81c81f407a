"""Near-duplicate detection: the same proposal written twice with small changes.

Used by the engine's "similar proposals" step (``most_similar``) and by analysts on whole
collections (``near_duplicate_pairs``).

Texts are compared as bags of character n-grams (3 to 5 letters, within word boundaries) of
their normalised content words (see :mod:`analysis.themes.text`). That choice makes the score
robust to exactly the variation near-duplicates have: typos change only a few n-grams, word
order does not matter, diacritics and case are folded, stop words are ignored, and Dutch
compounds (``fietspad`` / ``fiets pad``) share most of their n-grams.

The n-grams are hashed and weighted by sublinear term frequency only (no IDF). Without IDF the
similarity of two texts does not depend on which other candidates happen to be in the list, so
the engine gets the same score for the same pair whether it compares against five proposals or
fifty thousand, and no vocabulary has to be learnt.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from analysis.themes.text import content_text

_VECTORIZER = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(3, 5),
    n_features=2**20,
    alternate_sign=False,
    norm=None,
    lowercase=False,  # content_text already lower-cases and folds diacritics
)

# Cosine from which two texts count as the same proposal written twice: typos, punctuation,
# an added "Mijn voorstel:" or a closing remark. Below it they may share a topic but say
# different things (see ``most_similar`` for the scale).
NEAR_DUPLICATE = 0.7

# Rows compared per block in near_duplicate_pairs: bounds the memory of the similarity block.
_BLOCK_ROWS = 2000


def vectorise(texts: Sequence[str]) -> sp.csr_matrix:
    """L2-normalised, sublinear-TF character n-gram vectors, one row per text."""
    matrix = _VECTORIZER.transform([content_text(t) for t in texts]).tocsr()
    matrix.data = 1.0 + np.log(matrix.data)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


class SimilarityIndex:
    """Candidate texts vectorised once, to query many times (``index.most_similar(text)``)."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.candidates = tuple(candidates)
        self._vectors = vectorise(self.candidates).tocsr() if self.candidates else None

    def most_similar(
        self, text: str, limit: int = 3, min_similarity: float = 0.35
    ) -> list[tuple[int, float]]:
        if self._vectors is None or limit <= 0:
            return []
        scores = (self._vectors @ vectorise([text]).T).toarray().ravel()
        keep = np.flatnonzero(scores >= min_similarity)
        if keep.size == 0:
            return []
        # Stable sort on -score: ties keep candidate order, so results are deterministic.
        best = keep[np.argsort(-scores[keep], kind="stable")[:limit]]
        return [(int(i), round(float(scores[i]), 6)) for i in best]

    def extended(self, candidates: Sequence[str]) -> SimilarityIndex:
        """The index of ``candidates``, vectorising only what follows this index's own.

        During a launch a proposal is added every moment: re-vectorising all of them for each
        new draft blocked the bot's event loop for tens of milliseconds at 1,400 proposals.
        The hashing vectoriser treats every text on its own, so appended rows are exact.
        """
        candidates = tuple(candidates)
        known = len(self.candidates)
        if known == 0 or len(candidates) < known or candidates[:known] != self.candidates:
            return SimilarityIndex(candidates)
        if len(candidates) == known:
            return self
        index = SimilarityIndex(())
        index.candidates = candidates
        added = vectorise(candidates[known:]).tocsr()
        index._vectors = sp.vstack([self._vectors, added], format="csr")
        return index


# The engine asks repeatedly about the same (growing) candidate list; keeping the last index
# avoids re-vectorising tens of thousands of proposals for every new one.
_last_index: SimilarityIndex | None = None


def most_similar(
    text: str, candidates: Sequence[str], limit: int = 3, min_similarity: float = 0.35
) -> list[tuple[int, float]]:
    """The candidates most similar to ``text``: ``(index into candidates, cosine)``, best first.

    Only candidates with cosine similarity >= ``min_similarity`` are returned, at most ``limit``.
    A cosine of 1.0 means the same content words (up to case, diacritics and order); around 0.6
    and above is typically the same proposal reworded or mistyped; below 0.3 is unrelated.
    """
    global _last_index
    key = tuple(candidates)
    if _last_index is None:
        _last_index = SimilarityIndex(key)
    elif _last_index.candidates != key:
        _last_index = _last_index.extended(key)
    return _last_index.most_similar(text, limit=limit, min_similarity=min_similarity)


def near_duplicate_pairs(
    texts: Sequence[str], threshold: float = NEAR_DUPLICATE
) -> list[tuple[int, int, float]]:
    """All pairs ``(i, j, cosine)`` with ``i < j`` and cosine >= ``threshold``, most similar first.

    Works block by block, so tens of thousands of texts fit in modest memory.
    """
    if len(texts) < 2:
        return []
    vectors = vectorise(texts)
    vectors_t = vectors.T.tocsr()
    pairs: list[tuple[int, int, float]] = []
    for start in range(0, vectors.shape[0], _BLOCK_ROWS):
        block = (vectors[start : start + _BLOCK_ROWS] @ vectors_t).tocoo()
        rows = block.row + start
        keep = (block.data >= threshold) & (rows < block.col)
        pairs.extend(
            (int(i), int(j), round(float(s), 6))
            for i, j, s in zip(rows[keep], block.col[keep], block.data[keep], strict=True)
        )
    pairs.sort(key=lambda p: (-p[2], p[0], p[1]))
    return pairs
