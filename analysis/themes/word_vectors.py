"""Word vectors learned from the collection itself, and text vectors made from them.

Short texts rarely share words, so two proposals on one theme ("more doctors" and "hospital
waiting lists") can have no term in common. Their words do meet elsewhere in the collection:
"doctor" and "hospital" keep appearing in the same texts. This module turns that into vectors
without downloading a pretrained model (offline, any language, the collection's own jargon):

1. count, for every pair of words, the texts that contain both (a text is the context window:
   proposals are a sentence or two);
2. weight the counts by **positive pointwise mutual information** (PPMI): how much more often
   two words meet than their frequencies predict, negatives clipped to 0, with the context
   frequencies raised to the power 0.75 so rare words do not get inflated scores (Levy, Goldberg
   & Dagan 2015, TACL: "Improving distributional similarity with lessons learned from word
   embeddings");
3. a truncated SVD of the PPMI matrix gives dense word vectors (``U * sqrt(S)``, the symmetric
   weighting recommended there);
4. a text is the TF-IDF-weighted mean of its words' vectors, L2-normalised.

Unlike LSA of the text-term matrix, PPMI discounts frequent words by what they co-occur with
*beyond chance*, so the directions follow topical word families rather than word frequency.

The PPMI matrix itself also serves the clustering features: :func:`ppmi_neighbours` gives
each word its strongest associates, with which :mod:`analysis.themes.features` expands every
text (soft document expansion). Nearest neighbours by the SVD vectors were tried for that
first (full sets, seed 0, against no expansion: SearchSnippets ACC 0.74 -> 0.79, StackOverflow
0.88 -> 0.87), but the dense word-by-word similarities took 16 times as long as the PPMI lists
(179 s against 11 s for SearchSnippets' 29,530 words, on a busy machine): too slow for 100,000
proposals.

Where the vectors are used: choosing the number of themes (:mod:`analysis.themes.choose_k`),
where every small resample would otherwise get its own, noisy LSA. For the final clustering
they did not beat LSA followed by self-training (measured over 6 seeds on SearchSnippets: ACC
0.77 vs 0.80, NMI 0.67 vs 0.67; StackOverflow 0.88/0.79 vs 0.87/0.78), so that step keeps LSA.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize


def ppmi_matrix(counts: sp.csr_matrix, context_power: float = 0.75) -> sp.csr_matrix:
    """Word-by-word PPMI of co-occurrence in the same text (diagonal excluded)."""
    present = counts.copy().tocsr().astype(np.float32)
    present.data[:] = 1.0
    together = (present.T @ present).tocoo()
    off_diagonal = together.row != together.col
    rows, cols = together.row[off_diagonal], together.col[off_diagonal]
    joint = together.data[off_diagonal].astype(np.float64)
    n_words = counts.shape[1]
    if joint.size == 0:
        return sp.csr_matrix((n_words, n_words), dtype=np.float32)
    total = joint.sum()
    word_total = np.bincount(rows, weights=joint, minlength=n_words)
    context = word_total**context_power
    context /= context.sum()
    pmi = np.log(joint / total) - np.log(word_total[rows] / total) - np.log(context[cols])
    positive = pmi > 0
    return sp.csr_matrix(
        (pmi[positive].astype(np.float32), (rows[positive], cols[positive])),
        shape=(n_words, n_words),
    )


def word_vectors(counts: sp.csr_matrix, n_components: int, random_state: int) -> np.ndarray:
    """One row per column of ``counts``: that word's PPMI-SVD vector (zeros when unusable)."""
    ppmi = ppmi_matrix(counts)
    n_components = min(n_components, ppmi.shape[0] - 1)
    if n_components < 2 or ppmi.nnz == 0:
        return np.zeros((counts.shape[1], max(n_components, 1)), dtype=np.float32)
    svd = TruncatedSVD(n_components, algorithm="randomized", n_iter=5, random_state=random_state)
    scaled = svd.fit_transform(ppmi)  # U * S
    with np.errstate(invalid="ignore", divide="ignore"):
        vectors = scaled / np.sqrt(svd.singular_values_)
    return np.nan_to_num(vectors).astype(np.float32)


def text_vectors(
    weights: sp.csr_matrix, counts: sp.csr_matrix, n_components: int, random_state: int
) -> np.ndarray:
    """L2-normalised TF-IDF-weighted mean word vector of each row of ``weights``.

    ``counts`` (texts x words, same columns as ``weights``) is where word co-occurrence is
    learned. A text none of whose words has a vector gets the zero vector.
    """
    vectors = word_vectors(counts, n_components, random_state)
    return normalize(np.asarray(weights @ vectors)).astype(np.float32)


def ppmi_neighbours(
    counts: sp.csr_matrix, n_neighbours: int, candidates: np.ndarray | None = None
) -> sp.csr_matrix:
    """Words x words: each word's ``n_neighbours`` strongest PPMI associates, weighted by PPMI.

    ``candidates`` (a boolean mask of the columns) limits who can be a neighbour.
    """
    ppmi = ppmi_matrix(counts).tocoo()
    if candidates is not None:
        allowed = candidates[ppmi.col]
        ppmi = sp.coo_matrix((ppmi.data[allowed], (ppmi.row[allowed], ppmi.col[allowed])),
                             shape=ppmi.shape)
    if ppmi.nnz == 0:
        return ppmi.tocsr()
    # Sort by row, then by decreasing weight; keep each row's first n_neighbours entries.
    order = np.lexsort((-ppmi.data, ppmi.row))
    rows, cols, weights = ppmi.row[order], ppmi.col[order], ppmi.data[order]
    row_start = np.searchsorted(rows, rows, side="left")
    keep = np.arange(rows.size) - row_start < n_neighbours
    return sp.csr_matrix((weights[keep], (rows[keep], cols[keep])), shape=ppmi.shape)
