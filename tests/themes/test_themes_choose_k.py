"""The pieces behind automatic k and the consensus: null reference, stability gap, voting."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.metrics import adjusted_rand_score

from analysis.themes.choose_k import (
    StabilityScores,
    chance_corrected,
    choose_n_themes,
    null_reference,
    stability_scores,
)
from analysis.themes.clustering import consensus
from analysis.themes.features import TextFeatures
from analysis.themes.word_vectors import text_vectors
from tests.themes.corpus import proposals


def test_null_reference_keeps_words_and_rows_but_not_their_company() -> None:
    rng = np.random.default_rng(0)
    matrix = sp.random(300, 50, density=0.05, random_state=0, format="csr", dtype=np.float32)
    matrix.data[:] = 1.0
    reference = null_reference(matrix, random_state=1)
    assert reference.shape == matrix.shape
    # Each word keeps (about: two moved entries may land on the same row) its frequency.
    before = np.asarray((matrix != 0).sum(axis=0)).ravel()
    after = np.asarray((reference != 0).sum(axis=0)).ravel()
    assert np.all(after <= before) and after.sum() >= 0.9 * before.sum()
    # Co-occurrence is gone: two words always together in the data rarely are in the reference.
    paired = sp.lil_matrix((300, 2), dtype=np.float32)
    rows = rng.choice(300, 60, replace=False)
    paired[rows, 0] = 1.0
    paired[rows, 1] = 1.0
    shuffled = null_reference(paired.tocsr(), random_state=2)
    together = shuffled[:, 0].multiply(shuffled[:, 1]).nnz
    assert together < 30


def test_stability_gap_peaks_at_the_true_number_of_topics() -> None:
    texts, _ = proposals(per_topic=40, seed=2)
    matrix = TextFeatures().fit_transform(texts)
    scores = stability_scores(matrix, [2, 3, 4, 6, 8, 12], random_state=0)
    assert choose_n_themes(scores) == 4


def test_stability_gap_with_collection_word_vectors_peaks_at_the_true_number_of_topics() -> None:
    texts, _ = proposals(per_topic=40, seed=2)
    features = TextFeatures()
    matrix = features.fit_transform(texts)
    columns = features.words_.shape[1]

    def embed(m: sp.csr_matrix) -> np.ndarray:
        return text_vectors(m[:, :columns], m[:, :columns], 100, random_state=0)

    scores = stability_scores(matrix, [2, 3, 4, 6, 8, 12], random_state=0, embed=embed)
    # Here the Dutch and the English texts of a topic share no word, so their word vectors
    # keep the two halves apart: the peak is near 4 topics rather than always exactly at it.
    assert 3 <= choose_n_themes(scores) <= 6
    assert scores.score[4] > max(scores.score[2], scores.score[12]) + 0.05


def test_stability_is_corrected_for_the_agreement_the_reference_reaches_by_chance() -> None:
    score, error = chance_corrected(np.array([0.8, 0.8]), np.array([0.1, 0.3]))
    assert score == pytest.approx(0.75) and error == 0.0
    # The same raw stability is worth less where chance alone already agrees more.
    assert chance_corrected(np.array([0.8, 0.8]), np.array([0.4, 0.4]))[0] < score
    _, error = chance_corrected(np.array([0.7, 0.9]), np.array([0.2, 0.2]))
    assert error == pytest.approx(np.std([0.625, 0.875], ddof=1) / np.sqrt(2))


def test_the_smallest_k_within_one_standard_error_of_the_best_is_chosen() -> None:
    # A flat top: 80 scores best, but 8 is within its noise, so the readable 8 wins.
    flat = StabilityScores({4: 0.50, 8: 0.60, 20: 0.58, 80: 0.61}, {4: 0.02, 8: 0.02, 20: 0.02,
                                                                     80: 0.02})
    assert choose_n_themes(flat) == 8
    # A clear best is kept even when smaller k score nearly as well.
    sharp = StabilityScores({4: 0.50, 8: 0.60, 20: 0.58, 80: 0.61}, {4: 0.002, 8: 0.002,
                                                                      20: 0.002, 80: 0.002})
    assert choose_n_themes(sharp) == 80


def test_consensus_outvotes_a_run_that_disagrees() -> None:
    truth = np.repeat(np.arange(4), 25)
    relabelled = (truth + 1) % 4  # same partition, other label names
    stray = truth.copy()
    stray[:50] = np.random.default_rng(0).integers(0, 4, 50)  # one run half wrong
    labels, closeness = consensus([truth, relabelled, stray], 4, random_state=0)
    assert adjusted_rand_score(truth, labels) == 1.0
    assert closeness.shape == (100,)
