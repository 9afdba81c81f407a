"""`analyse`: from vote and comment tables to everything the report needs, in one result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.opinions.groups import UNCLUSTERED, OpinionGroups
from analysis.opinions.matrix import VoteMatrix
from analysis.opinions.reader import CommentTable, VoteTable, comments_from_votes
from analysis.opinions.selection import (
    PickedStatement,
    RankedStatement,
    consensus_statements,
    most_divisive,
    rank_for_commissioner,
    representative_statements,
)
from analysis.opinions.stats import (
    Repness,
    VoteCounts,
    count_votes,
    count_votes_by_group,
    divisiveness,
    group_informed_consensus,
    repness,
    supporting_groups,
)


@dataclass(frozen=True)
class OpinionResult:
    """Everything `analyse` found. Per-participant arrays follow `participant_ids`; per-statement
    arrays follow `comment_ids`; per-group arrays have one row per group 0..n_groups-1."""

    matrix: VoteMatrix
    comments: CommentTable
    groups: np.ndarray  # group per participant, -1 = not grouped
    in_conversation: np.ndarray  # bool per participant: voted enough to be grouped
    embedding: np.ndarray  # (participants, 2) opinion map
    statement_embedding: np.ndarray  # (statements, 2)
    n_groups: int
    counts: VoteCounts  # per statement, every participant
    group_counts: VoteCounts  # (groups, statements), grouped participants only
    consensus: np.ndarray  # group-informed consensus per statement
    repness: Repness
    representative: dict[int, list[PickedStatement]]
    consensus_statements: dict[str, list[PickedStatement]]
    divisiveness: np.ndarray
    most_divisive: list[int]  # comment ids
    ranking: list[RankedStatement]
    stability: float
    participant_stability: np.ndarray
    silhouette_scores: dict[int, float]
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def participant_ids(self) -> np.ndarray:
        return self.matrix.participant_ids

    @property
    def comment_ids(self) -> np.ndarray:
        return self.matrix.comment_ids

    @property
    def moderated_out(self) -> np.ndarray:
        return self.matrix.moderated_out

    def group_sizes(self) -> list[int]:
        return [int(np.sum(self.groups == g)) for g in range(self.n_groups)]

    def group_of(self) -> dict[int, int | None]:
        """participant id -> group (None when not grouped)."""
        return {int(p): (int(g) if g != UNCLUSTERED else None)
                for p, g in zip(self.participant_ids, self.groups, strict=True)}


def analyse(votes: VoteTable, comments: CommentTable | None = None, random_state: int = 0,
            given_groups: Mapping[int, int] | None = None, **group_params: Any) -> OpinionResult:
    """Opinion groups, consensus, representativeness and the ranking, from the vote events.

    `votes` and `comments` come from `reader.read_export` (or are built directly).
    `given_groups` (participant id -> group number 0..k-1) skips the clustering and computes
    every statistic for those groups instead, e.g. Pol.is's own `group-id`s.
    `group_params` go to `OpinionGroups` (max_groups, n_resamples, ...).
    Raises ValueError when `votes` is empty: there is nothing to group.
    """
    comments = comments if comments is not None else comments_from_votes(votes)
    matrix = VoteMatrix.from_votes(votes, comments)
    model = OpinionGroups(random_state=random_state, **group_params)
    if given_groups is not None:
        model.set_params(n_resamples=0)
    model.fit(matrix)
    labels, in_conversation = model.labels_, model.in_conversation_
    n_groups = model.n_groups_
    if given_groups is not None:
        labels = np.array([given_groups.get(int(p), UNCLUSTERED) for p in matrix.participant_ids])
        in_conversation = labels != UNCLUSTERED
        n_groups = int(labels.max()) + 1 if in_conversation.any() else 0
    overall = count_votes(matrix.votes)
    by_group = count_votes_by_group(matrix.votes, labels, n_groups)
    eligible = ~matrix.moderated_out
    rep = repness(by_group)
    consensus = group_informed_consensus(by_group)
    spread = divisiveness(by_group) if n_groups else np.zeros(matrix.shape[1])
    supporting = supporting_groups(by_group)
    return OpinionResult(
        matrix=matrix, comments=comments, groups=labels, in_conversation=in_conversation,
        embedding=model.embedding_, statement_embedding=model.statement_embedding_,
        n_groups=n_groups, counts=overall, group_counts=by_group, consensus=consensus,
        repness=rep,
        representative=representative_statements(rep, matrix.comment_ids, eligible),
        consensus_statements=consensus_statements(overall, matrix.comment_ids, eligible),
        divisiveness=spread,
        most_divisive=most_divisive(spread, matrix.comment_ids, eligible) if n_groups > 1 else [],
        ranking=rank_for_commissioner(overall, by_group, consensus, supporting,
                                      matrix.comment_ids, eligible),
        stability=model.stability_ if given_groups is None else float("nan"),
        participant_stability=model.participant_stability_,
        silhouette_scores=model.silhouette_scores_ if given_groups is None else {},
        parameters=_parameters(model, matrix, given_groups is not None))


def _parameters(model: OpinionGroups, matrix: VoteMatrix, groups_given: bool) -> dict[str, Any]:
    """The settings and sizes a methodology section states."""
    params = model.get_params()
    return {
        **params,
        "groups": "given" if groups_given else "k-means on the opinion map",
        "participants": int(matrix.shape[0]),
        "statements": int(matrix.shape[1]),
        "votes": int(matrix.seen.sum()),
        "moderated_out": int(matrix.moderated_out.sum()),
        "vote_threshold": int(min(model.min_votes, matrix.n_statements_voted())),
        "vote_convention": "+1 agree, -1 disagree, 0 pass; latest vote per statement counts",
    }
