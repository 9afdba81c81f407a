"""Opinion groups: planted groups are found, runs are reproducible, Pol.is's inclusion rule."""

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from analysis.opinions import OpinionGroups, VoteMatrix, VoteTable, analyse
from analysis.opinions.groups import (
    candidate_group_counts,
    cluster_positions,
    group_base_clusters,
    lowest_inertia_grouping,
    matched_agreement,
    silhouette,
)
from analysis.opinions.kmeans import squared_distances, within_group_inertia


def planted_labels(matrix: VoteMatrix, planted: dict[int, int]) -> np.ndarray:
    return np.array([planted[int(p)] for p in matrix.participant_ids])


def test_planted_groups_are_recovered(make_conversation) -> None:
    for n_groups, seed in ((2, 3), (3, 1), (4, 2)):
        conv = make_conversation(n_groups=n_groups, seed=seed)
        matrix = VoteMatrix.from_votes(conv.votes, conv.comments)
        model = OpinionGroups(random_state=0, n_resamples=4).fit(matrix)
        assert model.n_groups_ == n_groups
        ari = adjusted_rand_score(planted_labels(matrix, conv.planted), model.labels_)
        assert ari > 0.95, (n_groups, ari)
        assert model.stability_ > 0.9
        assert model.embedding_.shape == (matrix.shape[0], 2)


def test_same_seed_same_groups_and_sklearn_api(make_conversation) -> None:
    conv = make_conversation(seed=5)
    matrix = VoteMatrix.from_votes(conv.votes, conv.comments)
    first = OpinionGroups(random_state=7, n_resamples=2).fit_predict(matrix)
    second = OpinionGroups(random_state=7, n_resamples=2).fit_predict(matrix)
    np.testing.assert_array_equal(first, second)
    assert OpinionGroups(max_groups=3).get_params()["max_groups"] == 3
    # A plain array with NaN for "not seen" works too.
    labels = OpinionGroups(n_resamples=0).fit_predict(matrix.votes)
    assert adjusted_rand_score(first, labels) > 0.95


def test_groups_numbered_largest_first(make_conversation) -> None:
    conv = make_conversation(n_groups=2, per_group=40, seed=4)
    big = make_conversation(n_groups=2, per_group=80, seed=4)
    # Keep all of group 0 from the big one and group 1 from the small one: group sizes 80 / 40.
    keep_big = big.votes.participant < 80
    keep_small = conv.votes.participant >= 40
    votes = VoteTable(
        np.concatenate([big.votes.participant[keep_big],
                        conv.votes.participant[keep_small] + 1000]),
        np.concatenate([big.votes.comment[keep_big], conv.votes.comment[keep_small]]),
        np.concatenate([big.votes.vote[keep_big], conv.votes.vote[keep_small]]),
        np.concatenate([big.votes.timestamp[keep_big], conv.votes.timestamp[keep_small]]))
    result = analyse(votes, n_resamples=0)
    assert result.group_sizes()[0] >= result.group_sizes()[1]


def test_inclusion_needs_seven_votes(make_conversation) -> None:
    conv = make_conversation(n_groups=2, per_group=30, votes_each=20, seed=2)
    # Participant 9999 votes on only 6 statements: on the map, but not grouped.
    extra = VoteTable(np.full(6, 9999), np.arange(6), np.ones(6, dtype=np.int8),
                      np.arange(6) + 2_000_000_000_000)
    votes = VoteTable(*(np.concatenate([a, b]) for a, b in zip(
        (conv.votes.participant, conv.votes.comment, conv.votes.vote, conv.votes.timestamp),
        (extra.participant, extra.comment, extra.vote, extra.timestamp), strict=True)))
    matrix = VoteMatrix.from_votes(votes, conv.comments)
    model = OpinionGroups(n_resamples=0).fit(matrix)
    row = int(np.flatnonzero(matrix.participant_ids == 9999)[0])
    assert not model.in_conversation_[row]
    assert model.labels_[row] == -1
    assert np.isfinite(model.embedding_[row]).all()
    assert model.in_conversation_.sum() == 60


def test_threshold_is_number_of_statements_when_fewer_than_seven() -> None:
    # 5 statements: voting on all 5 is enough; 4 is not (once 15 people qualify).
    participants = np.repeat(np.arange(20), 5)
    comments = np.tile(np.arange(5), 20)
    votes = np.where(participants % 2 == 0, 1, -1).astype(np.int8)
    keep = ~((participants >= 16) & (comments == 4))  # participants 16..19 skip statement 4
    matrix = VoteMatrix.from_votes(VoteTable(participants[keep], comments[keep], votes[keep],
                                             np.arange(keep.sum())))
    included = matrix.clusterable()
    assert included[:16].all() and not included[16:].any()


def test_top_voters_fill_up_to_fifteen() -> None:
    # 10 people vote 8 times, 10 people 1..5 times: the 5 most active of those join.
    participants, comments = [], []
    for p in range(10):
        participants += [p] * 8
        comments += list(range(8))
    for p in range(10, 20):
        n = 1 + (p - 10) // 2  # 1,1,2,2,3,3,4,4,5,5
        participants += [p] * n
        comments += list(range(n))
    table = VoteTable(np.array(participants), np.array(comments),
                      np.ones(len(participants), dtype=np.int8), np.arange(len(participants)))
    included = VoteMatrix.from_votes(table).clusterable()
    assert included.sum() == 15
    assert included[:10].all()
    assert included[[16, 17, 18, 19]].all()  # 4, 4, 5, 5 votes
    assert included[14] and not included[15]  # tie on 3 votes: lower participant id first


def test_group_counts_follow_polis() -> None:
    assert candidate_group_counts(100, 5) == [2, 3, 4, 5]
    assert candidate_group_counts(20, 5) == [2, 3]  # 2 + floor(20 / 12) = 3
    assert candidate_group_counts(2, 5) == []


def test_silhouette_matches_its_definition() -> None:
    points = np.array([[0.0, 0.0], [0.0, 1.0], [5.0, 0.0], [5.0, 1.0], [9.0, 9.0]])
    labels = np.array([0, 0, 1, 1, 2])
    distances = np.sqrt(squared_distances(points, points))
    # Point 0: a = 1 (to point 1), b = mean(5, sqrt(26)) to group 1.
    b = (5 + np.sqrt(26)) / 2
    expected_first = (b - 1) / b
    scores = []
    for i in range(5):
        own = labels == labels[i]
        if own.sum() == 1:
            scores.append(0.0)
            continue
        a = distances[i, own & (np.arange(5) != i)].mean()
        b_i = min(distances[i, labels == g].mean() for g in set(labels) - {labels[i]})
        scores.append((b_i - a) / max(a, b_i))
    assert abs(scores[0] - expected_first) < 1e-12
    assert abs(silhouette(distances, labels) - np.mean(scores)) < 1e-12


def test_matched_agreement_ignores_group_numbers() -> None:
    assert matched_agreement(np.array([0, 0, 1, 1]), np.array([1, 1, 0, 0])).all()
    assert matched_agreement(np.array([0, 0, 1, 1]), np.array([0, 0, 0, 1])).tolist() == \
        [True, True, False, True]


def test_lowest_inertia_grouping_replaces_a_stuck_split_and_keeps_a_good_one() -> None:
    rng = np.random.default_rng(0)
    left = rng.normal([-3.0, 0.0], 0.5, size=(60, 2))
    right = rng.normal([3.0, 0.0], 0.5, size=(40, 2))
    points = np.vstack([left, right])
    natural = np.repeat([0, 1], [60, 40])
    # A split of the kind a base cluster straddling the boundary forces: 10 of the left blob
    # sent to the right group.
    stuck = natural.copy()
    stuck[:10] = 1
    chosen = lowest_inertia_grouping(points, stuck, n_init=5, rng=np.random.default_rng(1))
    assert adjusted_rand_score(natural, chosen) == 1.0
    assert within_group_inertia(points, chosen) < within_group_inertia(points, stuck)
    # Already the optimum: kept as given (same labels, not just the same partition).
    kept = lowest_inertia_grouping(points, natural, n_init=5, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(kept, natural)
    # One group: nothing to compete with.
    single = np.zeros(len(points), dtype=int)
    np.testing.assert_array_equal(
        lowest_inertia_grouping(points, single, n_init=5, rng=np.random.default_rng(1)), single)


def test_within_group_inertia_is_the_sum_of_squares_to_group_means() -> None:
    points = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 1.0], [10.0, 3.0]])
    assert within_group_inertia(points, np.array([0, 0, 1, 1])) == 1 + 1 + 1 + 1


def wide_majority_and_small_minority(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """475 participants spread wide along one axis, 25 (5%) in a tight group 6 away across it."""
    rng = np.random.default_rng(seed)
    majority = np.column_stack([rng.normal(0, 2.0, 475), rng.normal(0, 0.8, 475)])
    minority = np.column_stack([rng.normal(0, 0.5, 25), rng.normal(6, 0.5, 25)])
    order = rng.permutation(500)
    return np.vstack([majority, minority])[order], np.repeat([0, 1], [475, 25])[order]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_small_distinct_group_is_kept_not_traded_for_splitting_the_majority(seed: int) -> None:
    # k-means' spread (inertia) is lowest when the wide majority is cut in two; the grouping
    # that sets the small group apart is the best separated, and Pol.is keeps such groups.
    points, planted = wide_majority_and_small_minority(seed)
    params = OpinionGroups().get_params()
    grouping = cluster_positions(points, params["n_base_clusters"], params["max_groups"],
                                 params["n_init"], seed, params["fewer_groups_margin"],
                                 params["max_moved_share"], params["restart_by"])
    assert adjusted_rand_score(planted, grouping.labels) > 0.95
    # The same with lowest-spread restarts and the direct k-means step (the method before):
    # the small group does not come out as one of two groups.
    spread = cluster_positions(points, params["n_base_clusters"], params["max_groups"],
                               params["n_init"], seed, 0.0, 1.0, "inertia")
    assert adjusted_rand_score(planted, spread.labels) < 0.5


def test_fewer_groups_margin_prefers_fewer_groups_within_the_margin() -> None:
    rng = np.random.default_rng(0)
    # Three blobs, two of them fairly close: k=3 separates a little better than k=2
    # (silhouettes about 0.88 and 0.86).
    blobs = ([0, 0], [3, 0], [12, 0])
    centres = np.vstack([rng.normal(c, 0.3, size=(12, 2)) for c in blobs])
    sizes = np.full(len(centres), 5)
    labels, scores = group_base_clusters(centres, sizes, 5, 5, np.random.default_rng(1), 0.0)
    assert len(np.unique(labels)) == 3
    assert 0 < scores[3] - scores[2] < 0.05
    fewer, _ = group_base_clusters(centres, sizes, 5, 5, np.random.default_rng(1), 0.05)
    assert len(np.unique(fewer)) == 2
    assert adjusted_rand_score(np.repeat([0, 0, 1], 12), fewer) == 1.0


def test_unknown_restart_criterion_is_refused() -> None:
    with pytest.raises(ValueError, match="restart_by"):
        group_base_clusters(np.zeros((30, 2)) + np.arange(30)[:, None], np.ones(30), 5, 2,
                            np.random.default_rng(0), restart_by="spread")


def test_direct_kmeans_may_not_move_more_than_max_moved_share() -> None:
    rng = np.random.default_rng(0)
    points = np.vstack([rng.normal([-3.0, 0.0], 0.5, size=(60, 2)),
                        rng.normal([3.0, 0.0], 0.5, size=(40, 2))])
    stuck = np.repeat([0, 1], [60, 40])
    stuck[:10] = 1  # 10% of the participants on the wrong side
    for allowed, expected_moved in ((0.0, 10), (0.05, 10), (0.15, 0)):
        chosen = lowest_inertia_grouping(points, stuck, 5, np.random.default_rng(1), allowed)
        natural = np.repeat([0, 1], [60, 40])
        moved = int((~matched_agreement(natural, chosen)).sum())
        assert moved == expected_moved, allowed
