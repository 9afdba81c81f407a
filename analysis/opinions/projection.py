"""The opinion map: PCA of the vote matrix to two dimensions, Pol.is's way.

1. Moderated-out columns are set to 0 for everyone (see `VoteMatrix.with_moderated_out_zeroed`).
2. Each statement's mean vote m_j is taken over those who voted on it; a missing vote counts as
   m_j, so after centring the matrix X_ij = v_ij - m_j where i voted on j, else 0.
3. The principal axes are the two leading right singular vectors of X (Pol.is finds the same
   axes by power iteration).
4. Participant i is placed at  sqrt(n_statements / n_voted_i) * X_i . [pc1, pc2]: the scaling
   pushes people who voted on few statements out from the centre, where the missing votes
   (counted as the mean) would otherwise pull them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.linalg import svds

from analysis.opinions.matrix import VoteMatrix


@dataclass(frozen=True)
class Projection:
    """Where participants and statements sit on the opinion map."""

    mean: np.ndarray  # per comment: mean vote among those who voted (0 where nobody did)
    components: np.ndarray  # (2, n_comments) principal axes
    participants: np.ndarray  # (n_participants, 2) sparsity-scaled coordinates
    statements: np.ndarray  # (n_comments, 2) where an "agree" alone on each statement lands


def column_means(votes: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """m_j = (sum of votes on j) / (number of votes on j); 0 for a statement nobody voted on."""
    counts = seen.sum(axis=0)
    totals = np.where(seen, votes, 0.0).sum(axis=0)
    return np.divide(totals, counts, out=np.zeros(len(counts)), where=counts > 0)


def centred_votes(votes: np.ndarray, seen: np.ndarray, mean: np.ndarray) -> csr_matrix:
    """X_ij = v_ij - m_j where i voted on j, else 0 (a missing vote is filled with the mean)."""
    rows, columns = np.nonzero(seen)
    values = votes[rows, columns] - mean[columns]
    return csr_matrix((values, (rows, columns)), shape=votes.shape)


def principal_axes(centred: csr_matrix, n_components: int = 2) -> np.ndarray:
    """The leading right singular vectors of the centred matrix, shape (n_components, n_comments).

    Each axis is signed so that its largest loading is positive, which makes runs reproducible.
    Where the matrix has fewer dimensions than asked for, the missing axes are zero.
    """
    n_rows, n_columns = centred.shape
    axes = np.zeros((n_components, n_columns))
    rank_limit = min(n_rows, n_columns)
    if centred.nnz == 0 or rank_limit == 0:
        return axes
    if rank_limit <= n_components + 1:
        _, _, vt = np.linalg.svd(centred.toarray(), full_matrices=False)
        found = vt[:n_components]
    else:
        start = np.ones(min(n_rows, n_columns))  # fixed start vector: deterministic result
        _, singular, vt = svds(centred, k=n_components, v0=start / np.linalg.norm(start))
        found = vt[np.argsort(-singular)]
    for i, axis in enumerate(found):
        axes[i] = axis if axis[np.argmax(np.abs(axis))] >= 0 else -axis
    return axes


def sparsity_scaled_projection(centred: csr_matrix, axes: np.ndarray,
                               n_voted: np.ndarray, n_statements: int) -> np.ndarray:
    """Participant coordinates sqrt(n_statements / max(n_voted_i, 1)) * X_i . axes."""
    scale = np.sqrt(n_statements / np.maximum(n_voted, 1))
    return np.asarray(centred @ axes.T) * scale[:, None]


def project(matrix: VoteMatrix, n_components: int = 2) -> Projection:
    """PCA of the whole vote matrix (every participant, as Pol.is does) and the opinion map."""
    in_play = matrix.seen.any(axis=0)  # Pol.is's matrix has columns only for voted statements
    votes = matrix.with_moderated_out_zeroed()[:, in_play]
    seen = ~np.isnan(votes)
    mean = column_means(votes, seen)
    centred = centred_votes(votes, seen, mean)
    axes = principal_axes(centred, n_components)
    participants = sparsity_scaled_projection(centred, axes, seen.sum(axis=1), int(in_play.sum()))
    # A statement's own place: a lone "agree" on it, projected the same way (Pol.is uses this
    # for the map and the statement's "extremity").
    statements = np.sqrt(in_play.sum()) * (1.0 - mean)[:, None] * axes.T
    full_mean = np.zeros(matrix.shape[1])
    full_mean[in_play] = mean
    full_axes = np.zeros((n_components, matrix.shape[1]))
    full_axes[:, in_play] = axes
    full_statements = np.zeros((matrix.shape[1], n_components))
    full_statements[in_play] = statements
    return Projection(full_mean, full_axes, participants, full_statements)
