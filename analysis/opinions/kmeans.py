"""Weighted k-means in plain numpy, small enough to read in one go.

Used twice on the opinion map: for the 100 base clusters (every participant weight 1) and for
the groups (base-cluster centres weighted by their sizes). Each run starts from k-means++ seeds
(spread-out points, drawn with probability proportional to weight x squared distance to the
nearest seed so far), then alternates "assign each point to its nearest centre" and "move each
centre to the weighted mean of its points" until no point changes. Of `n_init` runs, the one
with the smallest weighted sum of squared distances (inertia) wins.
"""

from __future__ import annotations

import numpy as np


def squared_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """(n_points, n_centres) squared Euclidean distances."""
    distances = np.zeros((len(points), len(centres)))
    for axis in range(points.shape[1]):  # one coordinate at a time: no 3-D temporary
        distances += (points[:, axis, None] - centres[None, :, axis]) ** 2
    return distances


def within_group_inertia(points: np.ndarray, labels: np.ndarray) -> float:
    """Sum of squared distances from each point to the mean of its group (k-means' objective)."""
    total = 0.0
    for group in np.unique(labels):
        members = points[labels == group]
        total += float(((members - members.mean(axis=0)) ** 2).sum())
    return total


def draw(scores: np.ndarray, rng: np.random.Generator) -> int:
    """One index, drawn with probability proportional to `scores`."""
    cumulative = np.cumsum(scores)
    return int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))


def kmeans_plus_plus(points: np.ndarray, weights: np.ndarray, k: int,
                     rng: np.random.Generator) -> np.ndarray:
    """k seeds: the first drawn by weight, each next by weight x squared distance to the nearest."""
    chosen = [draw(weights, rng)]
    nearest = ((points - points[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        score = weights * nearest
        if score.sum() <= 0:  # every point sits on a seed already
            break
        chosen.append(draw(score, rng))
        nearest = np.minimum(nearest, ((points - points[chosen[-1]]) ** 2).sum(axis=1))
    return points[chosen].copy()


def lloyd(points: np.ndarray, weights: np.ndarray, centres: np.ndarray,
          max_iter: int = 300) -> tuple[np.ndarray, np.ndarray, float]:
    """Alternate assignment and weighted means until stable: (labels, centres, inertia)."""
    labels = np.full(len(points), -1)
    for _ in range(max_iter):
        distances = squared_distances(points, centres)
        new_labels = distances.argmin(axis=1)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        mass = np.bincount(labels, weights=weights, minlength=len(centres))
        for axis in range(points.shape[1]):
            total = np.bincount(labels, weights=weights * points[:, axis], minlength=len(centres))
            # A centre that lost all its points stays where it was.
            centres[:, axis] = np.where(mass > 0, total / np.where(mass > 0, mass, 1),
                                        centres[:, axis])
    inertia = float((weights * squared_distances(points, centres)[np.arange(len(points)),
                                                                    labels]).sum())
    return labels, centres, inertia


def kmeans_runs(points: np.ndarray, weights: np.ndarray, k: int, n_init: int,
                rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """`n_init` k-means++ runs, each (labels, centres, inertia), in the order they ran."""
    return [lloyd(points, weights, kmeans_plus_plus(points, weights, k, rng))
            for _ in range(max(1, n_init))]


def weighted_kmeans(points: np.ndarray, weights: np.ndarray, k: int, n_init: int,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Best of `n_init` k-means++ runs: (label per point 0..k'-1, centres), empty ones dropped."""
    labels, centres, _ = min(kmeans_runs(points, weights, k, n_init, rng), key=lambda r: r[2])
    return drop_empty(labels, centres)


def drop_empty(labels: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Renumber labels 0..k'-1 over the centres that kept points; drop the others."""
    used = np.unique(labels)
    renumber = np.zeros(len(centres), dtype=int)
    renumber[used] = np.arange(len(used))
    return renumber[labels], centres[used]
