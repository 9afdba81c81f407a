"""Choosing the number of themes: the k whose themes come back when the data is resampled.

Silhouette and similar compactness scores keep rising with k on short texts (every split of a
sparse, high-dimensional cloud looks a bit tighter), so their maximum overestimates. Stability
asks a different question: if we cluster two different random 80 % samples of the proposals,
do the texts they share end up grouped the same way? With too few themes, real topics are
merged in whichever way the random start favours; with too many, real topics are split along
arbitrary lines; both change from sample to sample. Near the natural number of themes the
partition is reproducible. Agreement is measured with mutual information adjusted for chance
(AMI) on the shared texts, so that many small clusters do not agree by luck (Ben-Hur et al.
2002; Lange et al. 2004 for the resampling idea).

To keep this affordable on large collections, the search runs on a random subset of at most
``subsample`` texts, and each resample's SVD is computed once at the largest dimension needed
and cut down for smaller k (see :func:`analysis.themes.clustering.lsa`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import adjusted_mutual_info_score
from sklearn.preprocessing import normalize

from analysis.progress import Progress
from analysis.themes.clustering import cluster, lsa, lsa_dimensions

CANDIDATES = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100)


def candidate_counts(n_texts: int, max_themes: int) -> list[int]:
    """The k values worth trying: a roughly geometric grid, at most one theme per 5 texts."""
    upper = max(2, min(max_themes, n_texts // 5))
    return [k for k in CANDIDATES if k <= upper] or [2]


def stability_scores(
    matrix: sp.csr_matrix,
    candidates: Sequence[int],
    random_state: int,
    subsample: int = 3000,
    n_pairs: int | None = None,
    sample_fraction: float = 0.8,
    progress: Progress | None = None,
) -> dict[int, float]:
    """Mean agreement (AMI on the shared rows) between clusterings of paired resamples, per k.

    ``n_pairs`` defaults to 2 for large collections and 6 below 1000 texts, where single
    resamples are noisy and extra pairs cost little.
    """
    if n_pairs is None:
        n_pairs = 2 if matrix.shape[0] >= 1000 else 6
    rng = np.random.default_rng(random_state)
    n_rows = matrix.shape[0]
    subset = np.sort(rng.choice(n_rows, min(n_rows, subsample), replace=False))
    matrix = matrix[subset]
    size = max(2, int(sample_fraction * len(subset)))
    max_dims = lsa_dimensions(max(candidates))
    samples = []
    for i in range(2 * n_pairs):
        rows = np.sort(rng.choice(len(subset), size, replace=False))
        vectors = lsa(matrix[rows], max_dims, random_state + i, normalise=False)
        samples.append((rows, vectors))

    scores: dict[int, float] = {}
    for k in candidates:
        agreements = []
        for pair in range(n_pairs):
            (rows_a, vectors_a), (rows_b, vectors_b) = samples[2 * pair], samples[2 * pair + 1]
            dims = lsa_dimensions(k)
            labels_a, _ = cluster(matrix[rows_a], k, random_state + 2 * pair, n_runs=1,
                                  lsa_vectors=normalize(vectors_a[:, :dims]))
            labels_b, _ = cluster(matrix[rows_b], k, random_state + 2 * pair + 1, n_runs=1,
                                  lsa_vectors=normalize(vectors_b[:, :dims]))
            _shared, in_a, in_b = np.intersect1d(rows_a, rows_b, return_indices=True)
            agreements.append(adjusted_mutual_info_score(labels_a[in_a], labels_b[in_b]))
        scores[k] = float(np.mean(agreements))
        if progress is not None:
            progress.say(f"choosing the number of themes: k={k} stability {scores[k]:.3f}")
    return scores


def choose_n_themes(scores: dict[int, float]) -> int:
    """The most stable k (the smaller one on a tie: fewer themes are easier to read)."""
    return max(scores, key=lambda k: (round(scores[k], 3), -k))
