"""Pol.is-compatible opinion groups, consensus and representativeness from agree/disagree votes.

Public API::

    from analysis.opinions import read_export, analyse

    export = read_export("path/to/export")      # comments.csv + votes.csv (or
                                                # participants-votes.csv only); ExportError
                                                # with file:line on bad input
    result = analyse(export.votes, export.comments, random_state=0)

    result.participant_ids, result.groups       # group per participant, -1 = not grouped
    result.embedding                            # (participants, 2) opinion map
    result.n_groups, result.group_sizes(), result.stability, result.silhouette_scores
    result.comment_ids, result.counts           # agrees / disagrees / passes per statement
    result.group_counts                         # the same per group, shape (groups, statements)
    result.consensus                            # prod_g (A_g + 1) / (S_g + 2) per statement
    result.repness                              # Pol.is repness arrays (pa, pat, ra, rat, ...)
    result.representative[g]                    # Pol.is's picked statements for group g
    result.consensus_statements["agree"]        # Pol.is's overall consensus picks
    result.most_divisive, result.divisiveness   # where the groups' agreement lies furthest apart
    result.ranking                              # RankedStatement list for the commissioning
                                                # party: all groups support, then most, ...
    result.parameters                           # settings and sizes for a methodology section

    analyse(..., given_groups={participant: group})  # statistics for groups you supply
                                                      # (e.g. Pol.is's own group-id)

The estimator underneath follows scikit-learn::

    OpinionGroups(random_state=0, max_groups=5, n_resamples=10).fit(VoteMatrix.from_votes(votes))
    .labels_, .embedding_, .n_groups_, .stability_, .silhouette_scores_, .in_conversation_

Modules, in the order the math runs: reader (files -> vote events; csvfile under it), matrix
(latest vote per participant and statement; who is grouped), projection (PCA with Pol.is's
sparsity scaling), kmeans + groups (base clusters, groups by silhouette, stability), stats
(counts, consensus, repness tests), selection (representative / consensus picks, ranking,
divisive), result (`analyse`), cli (`python -m analysis opinions`).
"""

from analysis.opinions.groups import OpinionGroups
from analysis.opinions.matrix import VoteMatrix
from analysis.opinions.reader import (
    CommentTable,
    Export,
    ExportError,
    ExportWarning,
    VoteTable,
    read_export,
)
from analysis.opinions.result import OpinionResult, analyse
from analysis.opinions.selection import PickedStatement, RankedStatement

__all__ = [
    "CommentTable",
    "Export",
    "ExportError",
    "ExportWarning",
    "OpinionGroups",
    "OpinionResult",
    "PickedStatement",
    "RankedStatement",
    "VoteMatrix",
    "VoteTable",
    "analyse",
    "read_export",
]
