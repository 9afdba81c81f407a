"""Which statements to show: representative per group, overall consensus, the ranking, divisive.

Each picked statement carries its counts, so every figure can be shown with its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.opinions.stats import Z_90, Repness, VoteCounts, one_proportion_z, smoothed_share

PICK_MAX = 5  # Pol.is shows at most 5 representative / consensus statements


@dataclass(frozen=True)
class PickedStatement:
    """A statement picked for a group or for everyone, with the counts behind the figures.

    direction: "agree" or "disagree"; successes of `seen` voted that way; share = smoothed
    share (successes+1)/(seen+2); z = its one-proportion test; repness (r) and repness_z
    (two-proportion test) compare the group with the rest (None for overall consensus).
    """

    comment_id: int
    direction: str
    successes: int
    seen: int
    share: float
    z: float
    repness: float | None = None
    repness_z: float | None = None
    best_agree: bool = False


def representative_statements(rep: Repness, comment_ids: np.ndarray,
                              eligible: np.ndarray) -> dict[int, list[PickedStatement]]:
    """Pol.is's `select-rep-comments`, per group.

    - "Sufficient": significant both against one half (p-test) and against the rest (r-test),
      in the agree or the disagree direction (z > 1.2816).
    - Ranked by r * r-test * p * p-test; the group's best agree statement goes first; at most 5;
      agrees listed before disagrees.
    - If nothing is sufficient: only the best agree statement, else the single statement with
      the highest r-test.
    Each statement is reported in its stronger direction (agree when rat > rdt).
    """
    picked: dict[int, list[PickedStatement]] = {}
    metric = rep.metric
    for g in range(rep.pa.shape[0]):
        sufficient: list[int] = []
        best: int | None = None
        best_agree: int | None = None
        for c in np.flatnonzero(eligible):
            if rep.significant[g, c]:
                sufficient.append(c)
            if not sufficient and (best is None or max(rep.rat[g, c], rep.rdt[g, c]) >
                                   _stronger_test(rep, g, best)):
                best = c
            if _beats_best_agree(rep, g, c, best_agree):
                best_agree = c
        head = [best_agree] if best_agree is not None else ([best] if best is not None else [])
        if sufficient:
            others = sorted((c for c in sufficient if c != best_agree),
                            key=lambda c: -metric[g, c])
            chosen = ([best_agree] if best_agree is not None else []) + others
            chosen = chosen[:PICK_MAX]
            chosen = [c for c in chosen if rep.agree_is_stronger[g, c]] + \
                [c for c in chosen if not rep.agree_is_stronger[g, c]]
        else:
            chosen = head
        picked[g] = [_picked_for_group(rep, g, c, comment_ids, c == best_agree) for c in chosen]
    return picked


def _stronger_test(rep: Repness, g: int, c: int) -> float:
    return float(rep.rat[g, c] if rep.agree_is_stronger[g, c] else rep.rdt[g, c])


def _beats_best_agree(rep: Repness, g: int, c: int, current: int | None) -> bool:
    """Pol.is's `beats-best-agr?`: the statement this group most clearly agrees with."""
    if rep.agrees[g, c] == 0 and rep.disagrees[g, c] == 0:
        return False
    score = rep.ra[g, c] * rep.rat[g, c] * rep.pa[g, c] * rep.pat[g, c]
    if current is not None and rep.ra[g, current] > 1.0:
        return bool(score > rep.ra[g, current] * rep.rat[g, current] * rep.pa[g, current] *
                    rep.pat[g, current])
    if current is not None:
        return bool(rep.pa[g, c] * rep.pat[g, c] > rep.pa[g, current] * rep.pat[g, current])
    return bool(rep.pat[g, c] > Z_90 or (rep.ra[g, c] > 1.0 and rep.pa[g, c] > 0.5))


def _picked_for_group(rep: Repness, g: int, c: int, comment_ids: np.ndarray,
                      best_agree: bool) -> PickedStatement:
    agree = bool(rep.agree_is_stronger[g, c])
    return PickedStatement(
        comment_id=int(comment_ids[c]), direction="agree" if agree else "disagree",
        successes=int(rep.agrees[g, c] if agree else rep.disagrees[g, c]),
        seen=int(rep.seen[g, c]), share=float(rep.pa[g, c] if agree else rep.pd[g, c]),
        z=float(rep.pat[g, c] if agree else rep.pdt[g, c]),
        repness=float(rep.ra[g, c] if agree else rep.rd[g, c]),
        repness_z=float(rep.rat[g, c] if agree else rep.rdt[g, c]), best_agree=best_agree)


def consensus_statements(overall: VoteCounts, comment_ids: np.ndarray,
                         eligible: np.ndarray) -> dict[str, list[PickedStatement]]:
    """Pol.is's overall consensus: share > 0.5 and z > 1.2816, ranked by share * z, top 5 each
    for agree and disagree, over every participant's vote (grouped or not)."""
    result: dict[str, list[PickedStatement]] = {}
    for direction, successes in (("agree", overall.agrees), ("disagree", overall.disagrees)):
        share = smoothed_share(successes, overall.seen)
        z = one_proportion_z(successes, overall.seen)
        candidates = np.flatnonzero(eligible & (share > 0.5) & (z > Z_90))
        ranked = candidates[np.argsort(-(share * z)[candidates], kind="stable")][:PICK_MAX]
        result[direction] = [
            PickedStatement(int(comment_ids[c]), direction, int(successes[c]),
                            int(overall.seen[c]), float(share[c]), float(z[c]))
            for c in ranked]
    return result


@dataclass(frozen=True)
class RankedStatement:
    """A statement in the ranking for the commissioning party, with its evidence.

    tier: "all groups" (every group supports it), "most groups" (more than half do), "some
    groups", "no group". A group supports a statement when more than half of its members who
    voted on it agreed. group_agrees[g] of group_seen[g] agreed in group g.
    """

    rank: int
    comment_id: int
    tier: str
    supporting_groups: int
    n_groups: int
    consensus: float
    agrees: int
    disagrees: int
    passes: int
    group_agrees: tuple[int, ...]
    group_seen: tuple[int, ...]


TIERS = ("all groups", "most groups", "some groups", "no group")


def support_tier(supporting: int, n_groups: int) -> str:
    """all groups / most groups (more than half) / some groups / no group."""
    if n_groups > 0 and supporting == n_groups:
        return TIERS[0]
    if 2 * supporting > n_groups:
        return TIERS[1]
    return TIERS[2] if supporting > 0 else TIERS[3]


def rank_for_commissioner(overall: VoteCounts, by_group: VoteCounts, consensus: np.ndarray,
                          supporting: np.ndarray, comment_ids: np.ndarray,
                          eligible: np.ndarray) -> list[RankedStatement]:
    """Statements ordered by tier (all groups first), then by consensus, then by comment id."""
    n_groups = by_group.agrees.shape[0]
    tiers = [support_tier(int(s), n_groups) for s in supporting]
    candidates = [c for c in np.flatnonzero(eligible)]
    candidates.sort(key=lambda c: (TIERS.index(tiers[c]), -consensus[c], comment_ids[c]))
    return [
        RankedStatement(
            rank=i, comment_id=int(comment_ids[c]), tier=tiers[c],
            supporting_groups=int(supporting[c]), n_groups=n_groups,
            consensus=float(consensus[c]), agrees=int(overall.agrees[c]),
            disagrees=int(overall.disagrees[c]), passes=int(overall.passes[c]),
            group_agrees=tuple(int(a) for a in by_group.agrees[:, c]),
            group_seen=tuple(int(s) for s in by_group.seen[:, c]))
        for i, c in enumerate(candidates, start=1)]


def most_divisive(divisiveness: np.ndarray, comment_ids: np.ndarray, eligible: np.ndarray,
                  limit: int = PICK_MAX) -> list[int]:
    """Comment ids of the `limit` statements whose groups' agreement lies furthest apart."""
    candidates = np.flatnonzero(eligible)
    order = candidates[np.argsort(-divisiveness[candidates], kind="stable")]
    return [int(comment_ids[c]) for c in order[:limit]]
