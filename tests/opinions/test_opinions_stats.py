"""Consensus, repness and the ranking, checked against Pol.is's formulas written out by hand."""

import math

import numpy as np

from analysis.opinions import VoteMatrix, VoteTable, analyse
from analysis.opinions.projection import project
from analysis.opinions.stats import (
    VoteCounts,
    one_proportion_z,
    repness,
    two_proportion_z,
)


def latest_votes(votes: VoteTable) -> dict[tuple[int, int], int]:
    latest: dict[tuple[int, int], tuple[int, int]] = {}
    for p, c, v, t in zip(votes.participant.tolist(), votes.comment.tolist(),
                          votes.vote.tolist(), votes.timestamp.tolist(), strict=True):
        if (p, c) not in latest or t >= latest[(p, c)][0]:
            latest[(p, c)] = (t, v)
    return {key: vote for key, (_, vote) in latest.items()}


def polis_consensus(votes: VoteTable, groups: dict[int, int]) -> dict[int, float]:
    """Pol.is's group-aware-consensus, as in conversation.clj: per comment, the product over
    groups of (A + 1.0) / (S + 2.0), A and S counted over the group's members."""
    tally: dict[tuple[int, int], list[int]] = {}
    for (p, c), v in latest_votes(votes).items():
        if p in groups:
            counts = tally.setdefault((groups[p], c), [0, 0])
            counts[0] += v == 1
            counts[1] += 1
    consensus = {}
    for c in set(votes.comment.tolist()):
        product = 1.0
        for g in sorted(set(groups.values())):
            a, s = tally.get((g, c), [0, 0])
            product *= (a + 1.0) / (s + 2.0)
        consensus[c] = product
    return consensus


def test_consensus_given_polis_groups_equals_polis_formula(make_conversation) -> None:
    conv = make_conversation(n_groups=3, seed=11)
    # Some re-votes, so "latest vote counts" is exercised too.
    revotes = VoteTable(conv.votes.participant[:50], conv.votes.comment[:50],
                        (-conv.votes.vote[:50]).astype(np.int8), conv.votes.timestamp[:50] + 10**9)
    votes = VoteTable(*(np.concatenate(pair) for pair in zip(
        (conv.votes.participant, conv.votes.comment, conv.votes.vote, conv.votes.timestamp),
        (revotes.participant, revotes.comment, revotes.vote, revotes.timestamp), strict=True)))
    groups = {p: g for p, g in conv.planted.items() if p % 7 != 0}  # some not grouped
    result = analyse(votes, conv.comments, given_groups=groups)
    expected = polis_consensus(votes, groups)
    for c, comment_id in enumerate(result.comment_ids.tolist()):
        assert abs(result.consensus[c] - expected[comment_id]) < 1e-12
    assert result.n_groups == 3
    assert math.isnan(result.stability)


def test_one_and_two_proportion_tests_by_hand() -> None:
    # 8 of 10 agree: z = 2 sqrt(11) (9/11 - 1/2)
    assert abs(one_proportion_z(np.array(8), np.array(10)) - 2 * math.sqrt(11) * (9 / 11 - .5)) \
        < 1e-12
    # In group 8/10, outside 3/20: p1 = 9/11, p2 = 4/21, p = 13/32
    p1, p2, p = 9 / 11, 4 / 21, 13 / 32
    z = (p1 - p2) / math.sqrt(p * (1 - p) * (1 / 11 + 1 / 21))
    assert abs(two_proportion_z(np.array(8), np.array(3), np.array(10), np.array(20)) - z) < 1e-12
    # Everyone agrees everywhere: the pooled share is 1 and Pol.is returns 0.
    assert two_proportion_z(np.array(5), np.array(5), np.array(5), np.array(5)) == 0.0


def counts(agrees: list[list[int]], disagrees: list[list[int]],
           passes: list[list[int]]) -> VoteCounts:
    return VoteCounts(np.array(agrees), np.array(disagrees), np.array(passes))


def test_repness_significance() -> None:
    # Statement 0: group 0 agrees 18/20, group 1 agrees 2/20 -> representative agree for 0,
    # representative disagree for 1. Statement 1: one vote per group -> nothing significant.
    # Statement 2: both groups agree alike -> not representative of either.
    by_group = counts(agrees=[[18, 1, 15], [2, 0, 15]], disagrees=[[2, 0, 3], [18, 1, 3]],
                      passes=[[0, 0, 2], [0, 0, 2]])
    rep = repness(by_group)
    assert rep.significant[0, 0] and rep.agree_is_stronger[0, 0]
    assert rep.significant[1, 0] and not rep.agree_is_stronger[1, 0]
    assert not rep.significant[:, 1].any()
    assert not rep.significant[:, 2].any()
    # ra = pa / pa_rest
    assert abs(rep.ra[0, 0] - (19 / 22) / (3 / 22)) < 1e-12


def test_representative_and_consensus_picks(make_conversation) -> None:
    conv = make_conversation(n_groups=2, seed=3)
    result = analyse(conv.votes, conv.comments, given_groups=conv.planted)
    for g, picked in result.representative.items():
        assert 1 <= len(picked) <= 5
        directions = [p.direction for p in picked]
        assert directions == sorted(directions)  # agrees before disagrees
        for p in picked:
            c = int(np.flatnonzero(result.comment_ids == p.comment_id)[0])
            if p.direction == "agree":
                assert p.successes == result.group_counts.agrees[g, c]
            assert p.seen == result.group_counts.seen[g, c]
    # Statement 0 is liked by everyone: an overall consensus pick, and ranked first.
    assert 0 in [p.comment_id for p in result.consensus_statements["agree"]]
    first = result.ranking[0]
    assert first.tier == "all groups" and first.supporting_groups == 2
    assert first.agrees == result.counts.agrees[0] and sum(first.group_seen) > 0


def test_ranking_tiers_then_consensus(make_conversation) -> None:
    conv = make_conversation(n_groups=3, seed=8)
    result = analyse(conv.votes, conv.comments, given_groups=conv.planted)
    order = ["all groups", "most groups", "some groups", "no group"]
    keys = [(order.index(r.tier), -r.consensus) for r in result.ranking]
    assert keys == sorted(keys)
    for r in result.ranking:
        supporting = sum(2 * a > s for a, s in zip(r.group_agrees, r.group_seen, strict=True))
        assert supporting == r.supporting_groups
    # Divisive statements: the groups disagree on them.
    top = result.most_divisive[0]
    c = int(np.flatnonzero(result.comment_ids == top)[0])
    shares = (result.group_counts.agrees[:, c] + 1) / (result.group_counts.seen[:, c] + 2)
    assert abs(result.divisiveness[c] - (shares.max() - shares.min())) < 1e-12
    assert result.divisiveness[c] == result.divisiveness[~result.moderated_out].max()


def test_moderated_out_statements_are_zeroed_not_dropped(make_conversation) -> None:
    conv = make_conversation(n_groups=2, seed=6, moderated_out=(3, 4))
    result = analyse(conv.votes, conv.comments, n_resamples=0)
    matrix = result.matrix
    assert matrix.moderated_out.tolist() == [c in (3, 4) for c in range(40)]
    # Counted as voted on, but kept out of every pick and of the ranking.
    assert result.counts.seen[3] > 0
    ranked = {r.comment_id for r in result.ranking}
    assert not ranked & {3, 4} and len(ranked) == 38
    picked = {p.comment_id for ps in result.representative.values() for p in ps}
    assert not picked & {3, 4}
    # The map: the column is set to 0 for everyone, which counts as a vote in the scaling.
    zeroed = matrix.with_moderated_out_zeroed()
    assert (zeroed[:, 3] == 0).all()
    seen = ~np.isnan(zeroed)
    mean = np.nanmean(zeroed, axis=0)
    centred = np.where(seen, zeroed - mean, 0.0)
    axes = project(matrix).components
    by_hand = centred @ axes.T * np.sqrt(40 / seen.sum(axis=1))[:, None]
    np.testing.assert_allclose(result.embedding, by_hand, atol=1e-10)
    # Dropping the columns instead gives a different map.
    kept = ~matrix.moderated_out
    dropped = VoteMatrix(matrix.participant_ids, matrix.comment_ids[kept], matrix.votes[:, kept],
                         np.zeros(38, dtype=bool))
    assert not np.allclose(np.abs(project(dropped).participants), np.abs(result.embedding))
