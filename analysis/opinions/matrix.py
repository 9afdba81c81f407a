"""The vote matrix: one row per participant, one column per statement, the latest vote in each cell.

Cells hold +1 (agree), -1 (disagree), 0 (pass) or NaN (not seen). Moderated-out statements keep
their column: Pol.is sets that whole column to 0 before the projection (as if everyone passed),
which keeps the sparsity scaling the same as Pol.is's; dropping the column would change it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.opinions.reader import CommentTable, VoteTable

MIN_VOTES_TO_CLUSTER = 7  # Pol.is: a participant counts once they voted on min(7, n) statements
MIN_CLUSTERED = 15  # Pol.is: if fewer qualify, the most active voters are added up to 15


@dataclass(frozen=True)
class VoteMatrix:
    """Latest votes. `votes[i, j]` is participant_ids[i]'s vote on comment_ids[j], NaN if none."""

    participant_ids: np.ndarray  # int64, sorted
    comment_ids: np.ndarray  # int64, sorted
    votes: np.ndarray  # float64, shape (participants, comments)
    moderated_out: np.ndarray  # bool per comment

    @classmethod
    def from_votes(cls, votes: VoteTable, comments: CommentTable | None = None) -> VoteMatrix:
        """Build the matrix from vote events: the latest vote per (participant, comment) counts.

        Statements listed in `comments` but never voted on get an empty column; statements with
        `moderated == -1` are flagged `moderated_out`. Without a single vote there is nothing
        to analyse: ValueError.
        """
        if len(votes) == 0:
            raise ValueError("no votes yet: opinion groups need at least one vote")
        comment_ids = np.unique(votes.comment)
        if comments is not None:
            comment_ids = np.union1d(comment_ids, comments.comment)
        participant_ids = np.unique(votes.participant)
        rows = np.searchsorted(participant_ids, votes.participant)
        columns = np.searchsorted(comment_ids, votes.comment)
        # Sort by cell, then time (stable, so equal times keep file order): the last row of
        # each cell is its latest vote.
        order = np.lexsort((votes.timestamp, columns, rows))
        cell = rows[order] * len(comment_ids) + columns[order]
        is_last = np.append(cell[1:] != cell[:-1], True)
        latest = order[is_last]
        matrix = np.full((len(participant_ids), len(comment_ids)), np.nan)
        matrix[rows[latest], columns[latest]] = votes.vote[latest]
        moderated_out = np.zeros(len(comment_ids), dtype=bool)
        if comments is not None:
            moderated_out = np.isin(comment_ids, comments.moderated_out)
        return cls(participant_ids, comment_ids, matrix, moderated_out)

    @property
    def shape(self) -> tuple[int, int]:
        return self.votes.shape

    @property
    def seen(self) -> np.ndarray:
        """True where the participant voted (agree, disagree or pass)."""
        return ~np.isnan(self.votes)

    def votes_per_participant(self) -> np.ndarray:
        """Number of statements each participant voted on, moderated-out ones included."""
        return self.seen.sum(axis=1)

    def with_moderated_out_zeroed(self) -> np.ndarray:
        """The votes with every moderated-out column set to 0 for everyone (Pol.is's rating-mat)."""
        zeroed = self.votes.copy()
        zeroed[:, self.moderated_out] = 0.0
        return zeroed

    def n_statements_voted(self) -> int:
        """Statements with at least one vote (Pol.is's matrix only has columns for those)."""
        return int(self.seen.any(axis=0).sum())

    def clusterable(self, min_votes: int = MIN_VOTES_TO_CLUSTER,
                    min_participants: int = MIN_CLUSTERED) -> np.ndarray:
        """Which participants are grouped (boolean per row), Pol.is's rule.

        In once they voted on at least min(min_votes, statements with votes) statements; if
        fewer than `min_participants` qualify, the most active voters are added until there are
        `min_participants` (ties by participant id). Nobody without votes is included.
        """
        counts = self.votes_per_participant()
        threshold = min(min_votes, self.n_statements_voted())
        included = (counts >= threshold) & (counts > 0)
        shortfall = min_participants - int(included.sum())
        if shortfall > 0:
            # Most votes first; a stable sort keeps the lower participant id first on ties.
            candidates = np.flatnonzero(~included & (counts > 0))
            by_activity = candidates[np.argsort(-counts[candidates], kind="stable")]
            included[by_activity[:shortfall]] = True
        return included
