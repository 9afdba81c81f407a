"""Choosing the number of themes: the k whose themes are more reproducible than chance allows.

Silhouette and similar compactness scores keep rising with k on short texts (every split of a
sparse, high-dimensional cloud looks a bit tighter), so their maximum overestimates. Stability
asks a different question: if we cluster two different random 80 % samples of the proposals,
do the texts they share end up grouped the same way? Agreement is measured with mutual
information adjusted for chance (AMI) on the shared texts (Ben-Hur et al. 2002; Lange et al.
2004 for the resampling idea).

Raw stability alone still drifts upwards with k on sparse texts: with many clusters, each one
gathers the texts of a frequent word, and such word-groups come back in every sample whether or
not they are themes. So the stability of the real data is compared with that of a **null
reference** of the same shape and sparsity but without themes, as the gap statistic does for
the k-means objective (Tibshirani, Walther & Hastie 2001): every non-zero of the TF-IDF matrix is
moved to a random row, which keeps each word's frequency and the texts' lengths but destroys
which words occur together. Word-frequency groups are as stable in the reference as in the
data; real themes are stable only in the data.

The score of a k is the data's stability **corrected for chance** by the reference, the way
AMI and Cohen's kappa correct agreement: ``(data - reference) / (1 - reference)``, the share of
the agreement the reference leaves possible that the data achieves. A plain difference would
penalise large k twice: the reference grows with k (more, smaller groups are easier to
reproduce by word frequency alone), and so shrinks the room left above it. On collections of
many small topics the plain difference stays flat from 15 up to the true number and its
maximum fell far short (Tweet, 89 topics: k=15-20, NMI 0.77 against 0.90 with k given).

The corrected curve is often flat near its top, and one resample pair more or less can move
its maximum far (SearchSnippets, 8 topics: 0.60 at k=8 and 0.61 at k=80). So the choice
follows the gap statistic's one-standard-error rule (Tibshirani et al. 2001): the smallest k
whose score is within one standard error (over the resample pairs) of the best score. Within
the noise, fewer themes are easier to read, and a split beyond the true number is what the
stability of the extra clusters cannot vouch for.

When the model clusters with word vectors learned from the collection (see
:mod:`analysis.themes.word_vectors`), so does the search: ``embed`` maps the whole matrix, and
its null reference, to text vectors once, and each resample clusters its rows of them. Learned
on all texts rather than on one small resample, the vectors make each resample's clustering
depend much less on the k-means start, which is what made the chosen k change with the seed
(SearchSnippets, 8 topics: 8, 6 and 3 for seeds 0-2 with per-resample LSA; 8, 10, 12 with
vectors), while the null reference's vectors, learned from shuffled words, stay structureless.
Without the per-resample SVDs, subsets of 3000 texts cost only a few seconds more than 1500,
and they separate close candidates better (StackOverflow, 20 topics, seed 1: gap 0.57 at k=15
vs 0.55 at 20 with 1500 texts; 0.59 vs 0.63 with 3000).

To keep this affordable on large collections, the search runs on a random subset of at most
``subsample`` texts (only the columns it uses), single-threaded, with a short self-training;
each resample's SVD is computed once at the largest dimension needed and cut down for smaller k
(see :func:`analysis.themes.clustering.lsa`); and the candidates are tried from small to large,
and above 20 the search stops once two in a row score more than two standard errors below the
best so far: the curve has turned down, and the larger k, the most expensive to cluster, would
not be chosen. The final model is then fitted once, on all texts, with the chosen k.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import adjusted_mutual_info_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from analysis.progress import Progress
from analysis.themes.clustering import cluster, lsa, lsa_dimensions


@dataclass(frozen=True)
class StabilityScores:
    """Per candidate k: the chance-corrected stability and its standard error."""

    score: dict[int, float]
    error: dict[int, float]


ALWAYS_TRIED = 20  # candidates up to this are always clustered; the search may stop above

CANDIDATES = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100)


def candidate_counts(n_texts: int, max_themes: int) -> list[int]:
    """The k values worth trying: a roughly geometric grid, at most one theme per 5 texts."""
    upper = max(2, min(max_themes, n_texts // 5))
    return [k for k in CANDIDATES if k <= upper] or [2]


def null_reference(matrix: sp.csr_matrix, random_state: int) -> sp.csr_matrix:
    """``matrix`` with every non-zero moved to a random row: same words, no co-occurrence."""
    rng = np.random.default_rng(random_state)
    coo = matrix.tocoo()
    rows = rng.integers(0, matrix.shape[0], coo.nnz)
    shuffled = sp.csr_matrix((coo.data, (rows, coo.col)), shape=matrix.shape)
    return normalize(shuffled).astype(np.float32)


def stability_scores(
    matrix: sp.csr_matrix,
    candidates: Sequence[int],
    random_state: int,
    subsample: int = 3000,
    n_pairs: int = 6,
    sample_fraction: float = 0.8,
    rounds: int = 5,
    progress: Progress | None = None,
    embed: Callable[[sp.csr_matrix], np.ndarray] | None = None,
) -> StabilityScores:
    """Stability of the data corrected by that of its null reference, per k, with its error.

    ``embed`` (optional) maps a full matrix to the text vectors k-means clusters; without it
    each resample gets its own LSA.

    Stability is the AMI on the shared rows between clusterings of paired resamples; the
    score is its mean over the pairs after the correction, the error its standard error.
    ``n_pairs`` is 6 by default: single resamples of short texts are noisy (with 2 pairs of 2000
    texts, one seed in three picked k=2 on StackOverflow; with 4 pairs of 3000, one seed in
    three picked 15 instead of 20, because the standard error in the one-standard-error rule
    was as large as the dip from 20 to 15; 6 pairs picked 20 for all three).
    """
    rng = np.random.default_rng(random_state)
    n_rows = matrix.shape[0]
    subset = np.sort(rng.choice(n_rows, min(n_rows, subsample), replace=False))
    data = matrix[subset]
    if embed is None:
        # Only the columns the subset uses: the SVDs' cost grows with the number of columns.
        data = data[:, np.unique(data.indices)]
        reference = null_reference(data, random_state)
        real_vectors = null_vectors = None
    else:
        full_reference = null_reference(matrix, random_state)
        reference = full_reference[subset]
        real_vectors = embed(matrix)[subset]
        null_vectors = embed(full_reference)[subset]
    size = min(len(subset), max(2, int(sample_fraction * len(subset))))
    resamples = [np.sort(rng.choice(len(subset), size, replace=False)) for _ in range(2 * n_pairs)]
    real = _Resamples(data, resamples, random_state, rounds, real_vectors, max(candidates))
    null = _Resamples(reference, resamples, random_state, rounds, null_vectors, max(candidates))
    scores = StabilityScores({}, {})
    best = None
    falling = 0
    # Each clustering here is small: BLAS/OpenMP threads cost more in start-up and contention
    # than they save (measured 3x slower with 2 threads on 2 busy cores).
    with threadpool_limits(1):
        for k in sorted(candidates):
            real_k, null_k = real.agreements(k), null.agreements(k)
            scores.score[k], scores.error[k] = chance_corrected(real_k, null_k)
            if progress is not None:
                progress.say(f"choosing the number of themes: k={k} stability "
                             f"{np.mean(real_k):.3f}, null reference {np.mean(null_k):.3f}, "
                             f"corrected {scores.score[k]:.3f} ± {scores.error[k]:.3f}")
            if best is None or scores.score[k] > scores.score[best]:
                best, falling = k, 0
            elif scores.score[k] < scores.score[best] - 2 * scores.error[best]:
                falling += 1
                # Two candidates in a row clearly below the best: the curve has turned down,
                # and the larger k left, the most expensive to cluster, would not be chosen.
                # Not among the small k, which are cheap and where the curve can dip before
                # it rises (a two-way split is often very stable and then k=3 is not).
                if falling >= 2 and k > ALWAYS_TRIED:
                    break
            else:
                falling = 0
    return scores


def chance_corrected(agreements: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """Mean and standard error of ``(a - r) / (1 - r)`` over the pairs' agreements ``a``.

    ``r`` is the reference's mean agreement: the chance level, as AMI's expected MI is.
    """
    chance = float(np.mean(reference))
    corrected = (np.asarray(agreements, dtype=float) - chance) / max(1.0 - chance, 1e-9)
    error = float(np.std(corrected, ddof=1) / np.sqrt(corrected.size)) if corrected.size > 1 \
        else 0.0
    return float(np.mean(corrected)), error


class _Resamples:
    """Paired resamples of one matrix (the data or its reference), clustered for any k."""

    def __init__(
        self,
        matrix: sp.csr_matrix,
        resamples: list[np.ndarray],
        random_state: int,
        rounds: int,
        text_vectors: np.ndarray | None,
        max_themes: int,
    ) -> None:
        self.matrix, self.resamples = matrix, resamples
        self.random_state, self.rounds = random_state, rounds
        self.text_vectors = text_vectors
        if text_vectors is None:
            # One SVD per resample, at the largest dimension any candidate needs.
            self.lsa_vectors = [
                lsa(matrix[rows], lsa_dimensions(max_themes), random_state + i, normalise=False)
                for i, rows in enumerate(resamples)
            ]

    def agreements(self, k: int) -> np.ndarray:
        """The agreement of every resample pair when each resample is cut into ``k`` themes."""
        labels = [
            # No spare theme here: the search asks which k is reproducible, the spare-and-merge
            # step only helps the final fit find the best partition into the chosen k.
            cluster(self.matrix[rows], k, self.random_state + i, rounds=self.rounds, n_runs=1,
                    lsa_vectors=self._vectors(i, k), spare_themes=0)[0]
            for i, rows in enumerate(self.resamples)
        ]
        agreements = []
        for first in range(0, len(self.resamples), 2):
            _shared, in_a, in_b = np.intersect1d(self.resamples[first], self.resamples[first + 1],
                                                 return_indices=True)
            agreements.append(_agreement(labels[first][in_a], labels[first + 1][in_b]))
        return np.array(agreements)

    def _vectors(self, i: int, k: int) -> np.ndarray:
        if self.text_vectors is not None:
            return self.text_vectors[self.resamples[i]]
        return normalize(self.lsa_vectors[i][:, :lsa_dimensions(k)])


def _agreement(first: np.ndarray, second: np.ndarray) -> float:
    """AMI, but 0 when a clustering collapsed into one theme: nothing was found to agree on.

    (AMI calls two single-cluster partitions a perfect match, which would make a structureless
    null reference look perfectly stable.)
    """
    if np.unique(first).size < 2 or np.unique(second).size < 2:
        return 0.0
    return float(adjusted_mutual_info_score(first, second))


def choose_n_themes(scores: StabilityScores) -> int:
    """The smallest k whose score is within one standard error of the best score."""
    best = max(scores.score, key=lambda k: (scores.score[k], -k))
    threshold = scores.score[best] - scores.error[best]
    return min(k for k, score in scores.score.items() if score >= threshold)
