"""Opinion groups, Pol.is's way: base clusters, then groups of base clusters chosen by silhouette.

1. Participants who voted enough (see `VoteMatrix.clusterable`) are placed on the opinion map
   (`projection.project`).
2. k-means with k = 100 "base clusters" on their map positions (fewer when there are fewer
   distinct positions).
3. k-means on the base-cluster centres, each weighted by its number of participants, for every
   k = 2 ... min(5, 2 + floor(n_base / 12)); each base cluster goes whole into one group. Of
   the k-means restarts for one k, the best-separated grouping (highest silhouette) wins, not
   the one with the lowest spread: k-means' spread favours groups of equal width and splits a
   wide majority in two rather than set apart a small distinct group, which Pol.is (reaching
   its groups by warm-started updates as votes arrive) often keeps.
4. The k whose grouping of base-cluster centres has the highest silhouette wins (Pol.is
   computes the silhouette on the base-cluster centres, unweighted), with a slight bias to
   fewer groups: the fewest groups within `fewer_groups_margin` (0.02) of the best silhouette.
5. Optionally (`max_moved_share` > 0, off by default) plain k-means on the participants may
   straighten the group boundaries when it lowers the within-group spread and moves at most
   that share of the participants.
6. Groups are numbered by size, largest first.

Stability: the clustering (steps 2-6) is rerun on random subsets of the participants with new
seeds; a participant is "stable" in a rerun when they land in the group matched to their own
(groups matched one-to-one to maximise overlap). `stability_` is the share of
(participant, rerun) pairs that are stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.base import BaseEstimator, ClusterMixin
from threadpoolctl import threadpool_limits

from analysis.opinions.kmeans import (
    drop_empty,
    kmeans_runs,
    squared_distances,
    weighted_kmeans,
    within_group_inertia,
)
from analysis.opinions.matrix import MIN_CLUSTERED, MIN_VOTES_TO_CLUSTER, VoteMatrix
from analysis.opinions.projection import project

UNCLUSTERED = -1
RESTART_CRITERIA = ("silhouette", "inertia")


@dataclass(frozen=True)
class Grouping:
    """One run of steps 2-6 on a set of map positions."""

    labels: np.ndarray  # group per position
    base_labels: np.ndarray  # base cluster per position (groups need not be unions of them)
    base_centres: np.ndarray
    base_sizes: np.ndarray
    silhouettes: dict[int, float]  # k -> silhouette of the base-centre grouping


def candidate_group_counts(n_base: int, max_groups: int) -> list[int]:
    """k = 2 ... min(max_groups, 2 + floor(n_base / 12)); silhouette needs k < n_base."""
    top = min(max_groups, 2 + n_base // 12, n_base - 1)
    return list(range(2, top + 1))


def base_clusters(points: np.ndarray, n_clusters: int,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """k-means base clusters: (label per point, centres, sizes); k capped at distinct points.

    One k-means++ start is enough: base clusters only summarise the map finely.
    """
    k = min(n_clusters, len(np.unique(points, axis=0)))
    labels, centres = weighted_kmeans(points, np.ones(len(points)), k, 1, rng)
    return labels, centres, np.bincount(labels, minlength=len(centres))


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette s_i = (b_i - a_i) / max(a_i, b_i) over all points.

    a_i: mean distance from i to the other members of its own group; b_i: the smallest mean
    distance from i to the members of another group. A point alone in its group scores 0.
    """
    groups = np.unique(labels)
    members = labels[None, :] == groups[:, None]  # (groups, points)
    sums = distances @ members.T  # (points, groups): total distance to each group
    counts = members.sum(axis=1).astype(float)
    own = np.searchsorted(groups, labels)
    rows = np.arange(len(labels))
    own_size = counts[own] - 1
    a = np.divide(sums[rows, own], own_size, out=np.zeros(len(labels)), where=own_size > 0)
    mean_to_group = sums / counts[None, :]
    mean_to_group[rows, own] = np.inf
    b = mean_to_group.min(axis=1)
    scores = np.where(own_size > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return float(scores.mean())


def group_base_clusters(centres: np.ndarray, sizes: np.ndarray, max_groups: int, n_init: int,
                        rng: np.random.Generator,
                        fewer_groups_margin: float = 0.0,
                        restart_by: str = "inertia") -> tuple[np.ndarray, dict[int, float]]:
    """Size-weighted k-means of the base centres for each candidate k; keep the best silhouette.

    With `fewer_groups_margin` > 0 the fewest groups whose silhouette comes within that margin
    of the best one win instead (a bias to fewer groups). Returns the group of each base
    cluster and the silhouette of every k tried. With fewer than three base clusters there is
    nothing to choose between: one group.
    """
    if restart_by not in RESTART_CRITERIA:
        raise ValueError(f"restart_by must be one of {RESTART_CRITERIA}, not {restart_by!r}")
    silhouettes: dict[int, float] = {}
    groupings: dict[int, np.ndarray] = {}
    distances = np.sqrt(squared_distances(centres, centres))
    for k in candidate_group_counts(len(centres), max_groups):
        runs = kmeans_runs(centres, sizes.astype(float), k, n_init, rng)
        if restart_by == "silhouette":
            # Each restart is a local optimum of k-means; keep the best-separated one (lowest
            # spread on ties) rather than the lowest spread alone.
            scored = [(silhouette(distances, drop_empty(labels, c)[0]), -inertia, i)
                      for i, (labels, c, inertia) in enumerate(runs)
                      if len(np.unique(labels)) > 1]
            if not scored:
                continue
            best_run = runs[max(scored)[2]]
        else:
            best_run = min(runs, key=lambda run: run[2])
        labels, _ = drop_empty(best_run[0], best_run[1])
        if len(np.unique(labels)) < 2:
            continue
        silhouettes[k] = silhouette(distances, labels)
        groupings[k] = labels
    if not silhouettes:
        return np.zeros(len(centres), dtype=int), silhouettes
    good_enough = max(silhouettes.values()) - fewer_groups_margin
    chosen = min(k for k, score in silhouettes.items() if score >= good_enough)
    return groupings[chosen], silhouettes


def number_by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber groups 0, 1, ... from largest to smallest (ties: lower old number first)."""
    old = np.unique(labels)
    sizes = np.array([np.sum(labels == g) for g in old])
    order = old[np.lexsort((old, -sizes))]
    new_number = {int(g): i for i, g in enumerate(order)}
    return np.array([new_number[int(g)] for g in labels], dtype=int)


def lowest_inertia_grouping(points: np.ndarray, via_base: np.ndarray, n_init: int,
                            rng: np.random.Generator, max_moved_share: float = 1.0) -> np.ndarray:
    """Step 5: the base-cluster grouping or direct k-means with as many groups, whichever has
    the lower within-group sum of squares (the base-cluster one on ties).

    Direct k-means only wins when it moves at most `max_moved_share` of the points to another
    group (groups matched one-to-one): it may then straighten a boundary, but not redraw the
    groups (k-means favours groups of equal spread, so it can swallow a small distinct group).
    """
    n_groups = len(np.unique(via_base))
    if n_groups < 2 or max_moved_share <= 0:
        return via_base
    direct, _ = weighted_kmeans(points, np.ones(len(points)), n_groups, n_init, rng)
    if (len(np.unique(direct)) == n_groups
            and within_group_inertia(points, direct) < within_group_inertia(points, via_base)
            and 1.0 - matched_agreement(via_base, direct).mean() <= max_moved_share):
        return direct
    return via_base


def cluster_positions(points: np.ndarray, n_base_clusters: int, max_groups: int, n_init: int,
                      seed: int, fewer_groups_margin: float, max_moved_share: float,
                      restart_by: str) -> Grouping:
    """Steps 2-6 on map positions."""
    rng = np.random.default_rng(seed)
    base_labels, centres, sizes = base_clusters(points, n_base_clusters, rng)
    group_of_base, silhouettes = group_base_clusters(centres, sizes, max_groups, n_init, rng,
                                                     fewer_groups_margin, restart_by)
    labels = lowest_inertia_grouping(points, group_of_base[base_labels], n_init, rng,
                                     max_moved_share)
    return Grouping(number_by_size(labels), base_labels, centres, sizes, silhouettes)


def matched_agreement(reference: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Per item: does `other` put it in the group matched to its `reference` group?

    Groups are matched one-to-one to maximise the number of items in matched groups
    (Hungarian method), so renumbered but identical groupings agree everywhere.
    """
    ref_groups, ref_index = np.unique(reference, return_inverse=True)
    other_groups, other_index = np.unique(other, return_inverse=True)
    overlap = np.zeros((len(ref_groups), len(other_groups)), dtype=int)
    np.add.at(overlap, (ref_index, other_index), 1)
    rows, columns = linear_sum_assignment(-overlap)
    partner = np.full(len(ref_groups), -1)
    partner[rows] = columns
    return partner[ref_index] == other_index


class OpinionGroups(ClusterMixin, BaseEstimator):
    """Pol.is-style opinion groups from a `VoteMatrix` (or an array of votes with NaN = unseen).

    Parameters
    ----------
    n_base_clusters : Pol.is's 100 base clusters.
    max_groups : at most this many groups (Pol.is: 5).
    min_votes, min_participants : who is grouped (Pol.is: 7 votes; at least 15 people).
    n_init : k-means restarts per clustering (for the base clusters and step 5 the lowest
        within-cluster spread wins; for the groups, see restart_by).
    fewer_groups_margin : the fewest groups whose silhouette is within this of the best win.
    max_moved_share : step 5's direct k-means may move at most this share of participants.
    restart_by : of the k-means restarts grouping the base clusters, keep the best
        "silhouette" or the lowest "inertia" (spread).
    These three were chosen by leave-one-conversation-out on Pol.is exports
    (bench/opinions.py); the docstring at the top says why.
    n_resamples, resample_fraction : reruns for `stability_` (0 reruns: stability not measured).
    random_state : seed; the same seed and data give the same groups.

    Attributes (after fit)
    ----------------------
    labels_ : group per participant (row), -1 for participants not grouped.
    in_conversation_ : bool per participant, True for those grouped.
    embedding_ : (n_participants, 2) opinion-map coordinates of every participant.
    components_, mean_ : the two principal axes and per-statement mean vote.
    statement_embedding_ : (n_comments, 2) where each statement sits on the map.
    base_labels_ : base cluster per participant (-1 when not grouped); base_centers_, base_sizes_.
    n_groups_ : number of groups found.
    silhouette_scores_ : {k: silhouette} for each k tried.
    stability_ : share of (participant, rerun) pairs where the participant kept their group.
    participant_stability_ : that share per participant (NaN for those not grouped).
    """

    def __init__(self, n_base_clusters: int = 100, max_groups: int = 5,
                 min_votes: int = MIN_VOTES_TO_CLUSTER, min_participants: int = MIN_CLUSTERED,
                 n_init: int = 10, fewer_groups_margin: float = 0.02,
                 max_moved_share: float = 0.0, restart_by: str = "silhouette",
                 n_resamples: int = 10,
                 resample_fraction: float = 0.8, random_state: int | None = 0) -> None:
        self.n_base_clusters = n_base_clusters
        self.max_groups = max_groups
        self.min_votes = min_votes
        self.min_participants = min_participants
        self.n_init = n_init
        self.fewer_groups_margin = fewer_groups_margin
        self.max_moved_share = max_moved_share
        self.restart_by = restart_by
        self.n_resamples = n_resamples
        self.resample_fraction = resample_fraction
        self.random_state = random_state

    def fit(self, X: VoteMatrix | np.ndarray, y: object = None) -> OpinionGroups:
        # k-means on 2-D points is tiny work: extra threads only contend (and the timing
        # targets are single-threaded).
        with threadpool_limits(limits=1):
            return self._fit(X)

    def _fit(self, X: VoteMatrix | np.ndarray) -> OpinionGroups:
        matrix = X if isinstance(X, VoteMatrix) else _matrix_from_array(X)
        projection = project(matrix)
        self.embedding_ = projection.participants
        self.components_ = projection.components
        self.mean_ = projection.mean
        self.statement_embedding_ = projection.statements
        self.in_conversation_ = matrix.clusterable(self.min_votes, self.min_participants)
        rows = np.flatnonzero(self.in_conversation_)
        seed = _seed(self.random_state)
        self.labels_ = np.full(matrix.shape[0], UNCLUSTERED)
        self.base_labels_ = np.full(matrix.shape[0], UNCLUSTERED)
        self.participant_stability_ = np.full(matrix.shape[0], np.nan)
        if len(rows) == 0:
            self.base_centers_ = np.zeros((0, 2))
            self.base_sizes_ = np.zeros(0, dtype=int)
            self.n_groups_, self.silhouette_scores_, self.stability_ = 0, {}, float("nan")
            return self
        grouping = self._cluster(self.embedding_[rows], seed)
        self.labels_[rows] = grouping.labels
        self.base_labels_[rows] = grouping.base_labels
        self.base_centers_, self.base_sizes_ = grouping.base_centres, grouping.base_sizes
        self.silhouette_scores_ = grouping.silhouettes
        self.n_groups_ = int(grouping.labels.max()) + 1
        stable_share = self._stability(self.embedding_[rows], grouping.labels, seed)
        self.participant_stability_[rows] = stable_share
        # With two or fewer participants nothing is rerun: every share is NaN, so is stability.
        measured = stable_share[~np.isnan(stable_share)]
        self.stability_ = float(measured.mean()) if measured.size else float("nan")
        return self

    def fit_predict(self, X: VoteMatrix | np.ndarray, y: object = None) -> np.ndarray:
        return self.fit(X).labels_

    def _cluster(self, points: np.ndarray, seed: int) -> Grouping:
        return cluster_positions(points, self.n_base_clusters, self.max_groups, self.n_init,
                                 seed, self.fewer_groups_margin, self.max_moved_share,
                                 self.restart_by)

    def _stability(self, points: np.ndarray, labels: np.ndarray, seed: int) -> np.ndarray:
        """Per point: share of reruns (on random subsets, new seeds) that kept its group."""
        rng = np.random.default_rng(seed)
        kept = np.zeros(len(points))
        drawn = np.zeros(len(points))
        size = max(2, round(self.resample_fraction * len(points)))
        for _ in range(self.n_resamples if len(points) > 2 else 0):
            subset = np.sort(rng.choice(len(points), size=min(size, len(points)), replace=False))
            rerun = self._cluster(points[subset], int(rng.integers(2**31 - 1)))
            kept[subset] += matched_agreement(labels[subset], rerun.labels)
            drawn[subset] += 1
        return np.divide(kept, drawn, out=np.full(len(points), np.nan), where=drawn > 0)


def _seed(random_state: int | None) -> int:
    if random_state is None:
        return int(np.random.default_rng().integers(2**31 - 1))
    return int(random_state)


def _matrix_from_array(votes: np.ndarray) -> VoteMatrix:
    votes = np.asarray(votes, dtype=float)
    if votes.ndim != 2:
        raise ValueError(f"expected a 2-D array of votes, got shape {votes.shape}")
    return VoteMatrix(np.arange(votes.shape[0]), np.arange(votes.shape[1]), votes,
                      np.zeros(votes.shape[1], dtype=bool))
