"""The clustering core: LSA, spherical k-means, then self-training with a text classifier.

Why this recipe (short texts share few words, so every step fights sparsity):

1. **LSA** (truncated SVD of the TF-IDF matrix) maps words that co-occur onto shared
   directions, so two proposals can be close without sharing a word. The number of dimensions
   grows with the number of themes (``2 k``, within 10..100): a theme needs a direction of its
   own plus some room for its inner variety, while extra directions mostly carry noise. With too
   many, texts with little signal scatter and k-means lumps them into one large "junk" cluster.
2. **Spherical k-means** (k-means on L2-normalised rows = clustering by cosine) on the LSA
   vectors gives a first partition.
3. **Self-training** then corrects it: the members closest to their centroid (a fraction
   ``train_fraction`` of each cluster) are pseudo-labelled examples for a Complement Naive Bayes
   classifier on the full sparse TF-IDF features; the classifier relabels every text, the most
   confident members of the new clusters train the next round, and so on until the labels
   settle. The classifier sees every word (not just the LSA summary) and learns which words are
   decisive for a theme, so a title that k-means misplaced because of generic words is pulled
   to the theme of its one telling word. Complement NB is fast (one sparse pass), works well on
   short texts and imbalanced classes, and needs no tuning beyond its smoothing ``alpha``.
4. **Consensus** of several runs: on sparse texts, where k-means starts decides which
   topics get merged or split, and one unlucky start can cost a third of the accuracy. So steps
   2-3 run ``n_runs`` times from different starts, and the runs vote: every text is described
   by its theme in each run (one-hot, side by side), and k-means on those votes gives the
   partition the runs agree on most (k-means consensus clustering, Wu et al. 2015, TKDE). A
   last self-training pass settles it. Texts a single run misplaces by chance are outvoted.
5. **One spare theme, then merge the most confused pair.** The typical failure of steps 2-4
   is one large theme split in two while a small one is merged into a neighbour: k-means and
   the consensus favour parts of similar size. So they look for ``k + 1`` themes (with LSA
   dimensions for ``k + 1``), which gives a small theme room of its own, and then the two
   themes the classifier confuses most are merged (confusion: the probability it gives one
   theme over the members of the other, both ways) and self-training settles the result.
   Two halves of one theme share their vocabulary, so a classifier cannot tell them apart;
   two distinct themes, however different in size, it can.
   Measured over 12 seeds, k given: SearchSnippets ACC/NMI 0.767/0.652 -> 0.793/0.665,
   StackOverflow 0.875/0.786 -> 0.883/0.792 (and its seed-to-seed spread shrank). A modest
   step, not a cure: on ten subsets (first/last 5 and 10 StackOverflow classes, first/last 4
   SearchSnippets classes, random halves of both; 9 seeds) it averages +0.002 ACC / +0.003
   NMI, from -0.031 to +0.060 ACC. More spare themes did not help further (k + 2:
   SearchSnippets 0.785/0.668).

Tried and not kept (SearchSnippets, k given, against 0.78-0.80 ACC over the same seeds):
spectral embedding of a k-nearest-neighbour graph of the LSA vectors (0.54-0.65, and 3x
slower); logistic regression, SGD or ridge classifiers for self-training (they fit the pseudo
labels, so runs stop moving: 0.58-0.60 per run vs 0.66 for Complement NB); word-only /
character-only / random-subspace views as extra ensemble members (0.75-0.78); hierarchical or
soft (posterior) consensus (0.67-0.79); picking one run by an internal score (mean classifier
confidence, cross-validated agreement, pairwise confusion: 0.71-0.76); NMF or von Mises-Fisher
mixtures as the first partition (0.62-0.69). Self-training started from the true classes
settles at 0.92, so better partitions are fixed points of step 3; the search just does not
find them from k-means starts. Nor does a choice among complete fits: over 20 seeds the mean
posterior, margin or NB likelihood of the final partition correlate only 0.3-0.5 with its ACC
(0.75-0.86), and the best of three fits by any of them gains 0.003-0.010 for three times the
time. Merging the spare theme by cross-validated rather than in-sample confusion chose the
same pairs. More LSA dimensions for many themes (up to 300 instead of 100) did not help the
sets with many fine themes either: Tweet (89 topics) ACC 0.820 -> 0.751, 2.5 times slower.

With k given, self-training can empty a theme that is too small or too alike to hold its own
(Tweet, 89 topics: 79-84 themes remain). Refilling empty themes as k-means does (a new centre at
the text that fits its theme worst, taking the texts closer to it) gives exactly k but costs
accuracy: Tweet ACC 0.778 -> 0.768, GoogleNews-T (152 topics) 0.789 -> 0.782, over 3 seeds.
So the model returns the themes that hold, ``n_themes_`` says how many, and the CLI explains.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import normalize

from analysis.themes.naive_bayes import ComplementNaiveBayes


def lsa_dimensions(n_themes: int) -> int:
    return int(np.clip(2 * n_themes, 10, 100))


def lsa(
    matrix: sp.csr_matrix, n_components: int, random_state: int, normalise: bool = True
) -> np.ndarray:
    """LSA vectors of ``matrix`` (at most ``n_components`` columns), row-normalised by default.

    Unnormalised vectors can be cut to their first ``d`` columns (the strongest directions)
    and normalised afterwards, which gives the LSA of a smaller dimension without a new SVD.
    """
    # Up to one component per row: with fewer rows than components (a handful of texts) the
    # vectors then keep every text's direction, where one fewer could collapse two of them.
    n_components = max(1, min(n_components, matrix.shape[0], matrix.shape[1] - 1))
    svd = TruncatedSVD(n_components, algorithm="randomized", n_iter=5, random_state=random_state)
    with np.errstate(invalid="ignore", divide="ignore"):  # degenerate (e.g. 2-text) input
        vectors = svd.fit_transform(matrix).astype(np.float32)
    return normalize(vectors) if normalise else vectors


def spherical_kmeans(
    vectors: np.ndarray, n_themes: int, random_state: int, n_init: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """Labels and each row's cosine similarity to its (normalised) centroid."""
    n_themes = min(n_themes, len(vectors))
    with warnings.catch_warnings():
        # Fewer distinct texts than themes (tiny or repetitive input) is fine: some stay empty.
        warnings.simplefilter("ignore", ConvergenceWarning)
        # float64: for float32 input scikit-learn computes k-means++ distances in upcast
        # chunks, 2.5x slower (100 themes, 40,000 texts).
        kmeans = KMeans(n_themes, n_init=n_init, random_state=random_state).fit(
            vectors.astype(np.float64, copy=False))
    centroids = normalize(kmeans.cluster_centers_)
    labels = kmeans.labels_
    return labels, np.einsum("ij,ij->i", vectors, centroids[labels])


def self_train(
    matrix: sp.csr_matrix,
    labels: np.ndarray,
    confidence: np.ndarray,
    rounds: int = 10,
    train_fraction: float = 0.8,
    alpha: float = 0.3,
) -> tuple[np.ndarray, np.ndarray]:
    """Refined labels and the classifier's posterior probability of each row's label.

    Label values are kept (a cluster that loses all its members simply disappears).
    """
    probability = np.ones(len(labels))
    for _ in range(rounds):
        train = _most_confident(labels, confidence, train_fraction)
        if np.unique(labels[train]).size < 2:
            break
        classifier = ComplementNaiveBayes(alpha=alpha).fit(matrix[train], labels[train])
        posterior = classifier.predict_proba(matrix)
        best = posterior.argmax(axis=1)
        new_labels = classifier.classes_[best]
        confidence = _margin(posterior)
        probability = posterior[np.arange(len(best)), best]
        settled = np.array_equal(new_labels, labels)
        labels = new_labels
        if settled:
            break
    return labels, probability


def _margin(posterior: np.ndarray) -> np.ndarray:
    """Each row's margin of its most probable theme over the runner-up."""
    top_two = np.partition(posterior, -2, axis=1)[:, -2:]
    return top_two[:, 1] - top_two[:, 0]


def _most_confident(labels: np.ndarray, confidence: np.ndarray, fraction: float) -> np.ndarray:
    """Indices of the ``fraction`` most confident members of every cluster (at least 2)."""
    chosen = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        keep = max(2, round(fraction * members.size))
        chosen.append(members[np.argsort(-confidence[members], kind="stable")[:keep]])
    return np.concatenate(chosen)


def consensus(
    runs: list[np.ndarray], n_themes: int, random_state: int
) -> tuple[np.ndarray, np.ndarray]:
    """The partition most runs agree on, and each row's closeness to its consensus theme.

    K-means on the side-by-side one-hot theme memberships minimises the total disagreement
    (pairs split in the consensus but together in a run, and vice versa) with the runs.
    """
    n_rows = len(runs[0])
    # Sparse: each row has one non-zero per run, and k-means on the dense one-hot matrix
    # (runs x themes columns) was the slowest step with many themes.
    votes = sp.hstack([sp.csr_matrix((np.ones(n_rows), (np.arange(n_rows), run)),
                                     shape=(n_rows, int(run.max()) + 1)) for run in runs]).tocsr()
    kmeans = KMeans(min(n_themes, n_rows), n_init=3, random_state=random_state).fit(votes)
    # |v - c|^2 = |v|^2 - 2 v.c + |c|^2, without densifying the votes.
    centres = kmeans.cluster_centers_[kmeans.labels_]
    squared = len(runs) - 2 * np.asarray(votes.multiply(centres).sum(axis=1)).ravel() \
        + np.einsum("ij,ij->i", centres, centres)
    return kmeans.labels_, -np.sqrt(np.maximum(squared, 0.0))


def merge_most_confused(
    matrix: sp.csr_matrix, labels: np.ndarray, n_themes: int, rounds: int = 10, alpha: float = 0.3
) -> np.ndarray:
    """Merge the two themes a classifier confuses most, and self-train, until ``n_themes`` remain.

    A Complement NB classifier is trained on all rows with their current themes; the confusion
    of themes ``i`` and ``j`` is the mean probability it gives ``j`` over the members of ``i``,
    plus the reverse. Two halves of one theme share their vocabulary, so the classifier cannot
    tell them apart; two different themes, however similar in size or place, it can.
    """
    labels = np.unique(labels, return_inverse=True)[1]
    while labels.max() + 1 > n_themes:
        n_current = labels.max() + 1
        posterior = ComplementNaiveBayes(alpha=alpha).fit(matrix, labels).predict_proba(matrix)
        confusion = np.vstack([posterior[labels == theme].mean(axis=0)
                               for theme in range(n_current)])
        confusion = confusion + confusion.T
        np.fill_diagonal(confusion, -np.inf)
        keep, absorbed = np.unravel_index(np.argmax(confusion), confusion.shape)
        labels[labels == absorbed] = keep
        posterior[:, keep] += posterior[:, absorbed]
        posterior[:, absorbed] = 0.0
        labels, _ = self_train(matrix, labels, _margin(posterior), rounds=rounds)
        labels = np.unique(labels, return_inverse=True)[1]
    return labels


def cluster(
    matrix: sp.csr_matrix,
    n_themes: int,
    random_state: int,
    rounds: int = 10,
    lsa_vectors: np.ndarray | None = None,
    n_runs: int = 6,
    spare_themes: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """The full recipe for a fixed number of themes: labels and the LSA vectors used.

    The runs and their consensus look for ``spare_themes`` more themes than asked; the most
    confused ones are then merged (:func:`merge_most_confused`).
    """
    n_rows = matrix.shape[0]
    n_found = n_themes + spare_themes if n_themes + spare_themes <= n_rows else n_themes
    if lsa_vectors is None:
        lsa_vectors = lsa(matrix, lsa_dimensions(n_found), random_state)
    starts = lsa_vectors.astype(np.float64)  # once for all runs (see spherical_kmeans)
    runs = []
    for run in range(max(1, n_runs)):
        labels, confidence = spherical_kmeans(starts, n_found, random_state + run, n_init=1)
        # Half the rounds per run: most of the change happens early, and the final pass below
        # settles the consensus with all of them.
        labels, _ = self_train(matrix, labels, confidence, rounds=max(1, rounds // 2))
        runs.append(labels)
    if len(runs) == 1:
        labels = runs[0]
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            labels, confidence = consensus(runs, n_found, random_state)
        labels, _ = self_train(matrix, labels, confidence, rounds=rounds)
    if n_found > n_themes:
        labels = merge_most_confused(matrix, labels, n_themes, rounds)
    return labels, lsa_vectors
