"""What unites and divides the groups: vote counts, consensus, representativeness, divisiveness.

Notation for one statement within a set of participants: A agreed, D disagreed, P passed,
S = A + D + P voted ("seen"). Every figure below is computed from these counts alone, so it can
be checked by hand from the published counts. Formulas follow Pol.is (math/repness.clj,
stats.clj, conversation.clj in compdemocracy/polis).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z_90 = 1.2816  # one-sided 90% critical value, Pol.is's significance threshold


@dataclass(frozen=True)
class VoteCounts:
    """A, D, P per statement; arrays shaped (n_comments,) or (n_groups, n_comments)."""

    agrees: np.ndarray
    disagrees: np.ndarray
    passes: np.ndarray

    @property
    def seen(self) -> np.ndarray:
        return self.agrees + self.disagrees + self.passes


def count_votes(votes: np.ndarray) -> VoteCounts:
    """A, D, P per statement (column) over all rows of `votes` (NaN = not voted)."""
    return VoteCounts(np.sum(votes == 1, axis=0), np.sum(votes == -1, axis=0),
                      np.sum(votes == 0, axis=0))


def count_votes_by_group(votes: np.ndarray, labels: np.ndarray, n_groups: int) -> VoteCounts:
    """A_g, D_g, P_g: shape (n_groups, n_comments); rows with label -1 are in no group."""
    membership = (labels[None, :] == np.arange(n_groups)[:, None]).astype(float)

    def tally(value: int) -> np.ndarray:
        return np.rint(membership @ (votes == value)).astype(np.int64)

    return VoteCounts(tally(1), tally(-1), tally(0))


def smoothed_share(successes: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """(successes + 1) / (seen + 2): the share with one imagined vote each way (Laplace)."""
    return (successes + 1.0) / (seen + 2.0)


def group_informed_consensus(by_group: VoteCounts) -> np.ndarray:
    """Consensus per statement = product over groups g of (A_g + 1) / (S_g + 2).

    High only when every group agrees; one group that disagrees pulls it down.
    """
    return np.prod(smoothed_share(by_group.agrees, by_group.seen), axis=0)


def one_proportion_z(successes: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """z = 2 sqrt(S + 1) ((successes + 1) / (S + 1) - 0.5): is the share above one half?"""
    n = seen + 1.0
    return 2.0 * np.sqrt(n) * ((successes + 1.0) / n - 0.5)


def two_proportion_z(successes_in: np.ndarray, successes_out: np.ndarray,
                     seen_in: np.ndarray, seen_out: np.ndarray) -> np.ndarray:
    """z of share-in-group above share-outside, with 1 added to every count (Pol.is).

    z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)), p1 = (s1+1)/(n1+1), p2 = (s2+1)/(n2+1),
    p = (s1 + s2 + 2) / (n1 + n2 + 2); z = 0 where p = 1.
    """
    s1, s2 = successes_in + 1.0, successes_out + 1.0
    n1, n2 = seen_in + 1.0, seen_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return np.divide(s1 / n1 - s2 / n2, spread, out=np.zeros(np.broadcast(s1, s2).shape),
                     where=pooled < 1.0)


@dataclass(frozen=True)
class Repness:
    """Representativeness of each statement for each group; arrays (n_groups, n_comments).

    pa, pd: smoothed agree / disagree share in the group; pat, pdt: their one-proportion z;
    ra, rd: pa (pd) divided by the same smoothed share among everyone not in the group;
    rat, rdt: two-proportion z of the group against the rest.
    """

    agrees: np.ndarray
    disagrees: np.ndarray
    seen: np.ndarray
    pa: np.ndarray
    pd: np.ndarray
    pat: np.ndarray
    pdt: np.ndarray
    ra: np.ndarray
    rd: np.ndarray
    rat: np.ndarray
    rdt: np.ndarray

    @property
    def agree_is_stronger(self) -> np.ndarray:
        """Pol.is reports a statement as agree-representative when rat > rdt, else disagree."""
        return self.rat > self.rdt

    @property
    def significant(self) -> np.ndarray:
        """Both tests above z = 1.2816 for agree, or both for disagree."""
        return ((self.rat > Z_90) & (self.pat > Z_90)) | ((self.rdt > Z_90) & (self.pdt > Z_90))

    @property
    def metric(self) -> np.ndarray:
        """Ranking metric in the stronger direction: r * r-test * p * p-test."""
        agree = self.ra * self.rat * self.pa * self.pat
        disagree = self.rd * self.rdt * self.pd * self.pdt
        return np.where(self.agree_is_stronger, agree, disagree)


def repness(by_group: VoteCounts) -> Repness:
    """Every group against the rest (all other grouped participants), for every statement."""
    agrees, disagrees, seen = by_group.agrees, by_group.disagrees, by_group.seen
    rest_agrees = agrees.sum(axis=0) - agrees
    rest_disagrees = disagrees.sum(axis=0) - disagrees
    rest_seen = seen.sum(axis=0) - seen
    pa, pd = smoothed_share(agrees, seen), smoothed_share(disagrees, seen)
    return Repness(
        agrees=agrees, disagrees=disagrees, seen=seen, pa=pa, pd=pd,
        pat=one_proportion_z(agrees, seen), pdt=one_proportion_z(disagrees, seen),
        ra=pa / smoothed_share(rest_agrees, rest_seen),
        rd=pd / smoothed_share(rest_disagrees, rest_seen),
        rat=two_proportion_z(agrees, rest_agrees, seen, rest_seen),
        rdt=two_proportion_z(disagrees, rest_disagrees, seen, rest_seen))


def divisiveness(by_group: VoteCounts) -> np.ndarray:
    """max_g (A_g+1)/(S_g+2) - min_g (A_g+1)/(S_g+2): how far apart the groups' agreement is.

    0 when all groups agree equally often; near 1 when one group all agrees and another all
    disagrees. (Not a Pol.is figure; chosen because it reads straight off the group counts.)
    """
    share = smoothed_share(by_group.agrees, by_group.seen)
    return share.max(axis=0) - share.min(axis=0)


def supporting_groups(by_group: VoteCounts) -> np.ndarray:
    """Per statement: how many groups support it, i.e. more than half of those in the group who
    voted on it agreed (2 A_g > S_g)."""
    return np.sum(2 * by_group.agrees > by_group.seen, axis=0)
