"""Word vectors from the collection's own co-occurrence (PPMI + SVD)."""

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from analysis.themes.features import TextFeatures
from analysis.themes.word_vectors import ppmi_matrix, ppmi_neighbours, text_vectors


def _texts(seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    health = ["doctor", "hospital", "nurse", "patient", "clinic", "medicine"]
    traffic = ["bicycle", "road", "parking", "bus", "traffic", "lane"]
    texts = []
    for _ in range(60):
        for family in (health, traffic):
            texts.append(" ".join(rng.choice(family, size=3, replace=False)))
    return texts


def test_ppmi_is_positive_symmetric_and_high_for_words_that_meet() -> None:
    counts = CountVectorizer().fit(_texts(0))
    matrix = counts.transform(_texts(0))
    ppmi = ppmi_matrix(matrix).toarray()
    vocabulary = counts.vocabulary_
    assert (ppmi >= 0).all() and np.allclose(np.diag(ppmi), 0)
    # Same-family words meet more often than chance; words of different families never meet.
    assert ppmi[vocabulary["doctor"], vocabulary["hospital"]] > 0
    assert ppmi[vocabulary["doctor"], vocabulary["parking"]] == 0
    assert np.array_equal(ppmi > 0, (ppmi > 0).T)


def test_texts_without_a_shared_word_are_close_when_their_words_keep_company() -> None:
    corpus = _texts(1)
    probes = ["doctor hospital", "nurse clinic", "bicycle road"]
    vectoriser = TfidfVectorizer().fit(corpus)
    weights = vectoriser.transform(corpus + probes).tocsr()
    counts = sp.csr_matrix(CountVectorizer(vocabulary=vectoriser.vocabulary_)
                           .transform(corpus + probes))
    vectors = text_vectors(weights, counts, n_components=4, random_state=0)
    doctor, nurse, bicycle = vectors[-3:]
    assert doctor @ nurse > 0.8  # no word in common, same theme
    assert doctor @ nurse > doctor @ bicycle + 0.5
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_degenerate_input_gives_zero_vectors_not_errors() -> None:
    counts = sp.csr_matrix(np.array([[1, 0], [0, 1]], dtype=np.float32))  # nothing co-occurs
    vectors = text_vectors(counts, counts, n_components=10, random_state=0)
    assert vectors.shape[0] == 2 and not np.isnan(vectors).any()


def test_ppmi_neighbours_keep_each_words_strongest_associates() -> None:
    counts = CountVectorizer().fit(_texts(2))
    matrix = counts.transform(_texts(2))
    ppmi = ppmi_matrix(matrix).toarray()
    neighbours = ppmi_neighbours(matrix, n_neighbours=2).toarray()
    assert ((neighbours > 0).sum(axis=1) <= 2).all()
    assert np.allclose(np.diag(neighbours), 0)
    for word in range(ppmi.shape[0]):
        kept = np.flatnonzero(neighbours[word])
        # The kept ones carry their PPMI, and none left out is stronger than a kept one.
        assert np.allclose(neighbours[word, kept], ppmi[word, kept])
        left_out = np.setdiff1d(np.arange(ppmi.shape[0]), kept)
        assert ppmi[word, left_out].max(initial=0) <= ppmi[word, kept].min()
    doctor = counts.vocabulary_["doctor"]
    health = {counts.vocabulary_[w] for w in ("hospital", "nurse", "patient", "clinic",
                                              "medicine")}
    assert set(np.flatnonzero(neighbours[doctor])) <= health


def test_expansion_brings_paraphrases_together() -> None:
    # "Plant meer bomen in onze straat" / "Meer groen in de wijk" share no content word, but
    # elsewhere in the collection trees and green keep company.
    rng = np.random.default_rng(0)
    green = ["bomen", "groen", "park", "planten", "natuur"]
    housing = ["woningen", "huur", "bouwen", "starters", "betaalbaar"]
    texts = [" ".join(rng.choice(family, size=3, replace=False))
             for _ in range(40) for family in (green, housing)]
    texts += ["plant bomen straat", "groen wijk"]
    plain = TextFeatures().fit_transform(texts)
    expanded = TextFeatures(expansion=0.5).fit_transform(texts)
    assert (plain[-2] @ plain[-1].T).toarray()[0, 0] < 0.05
    assert (expanded[-2] @ expanded[-1].T).toarray()[0, 0] > 0.2
    # A text of the other theme stays far.
    housing_text = texts.index(next(t for t in texts if "huur" in t))
    assert (expanded[-2] @ expanded[housing_text].T).toarray()[0, 0] < 0.05


def test_the_number_of_themes_is_chosen_on_the_unexpanded_matrix() -> None:
    # Its co-occurrence counts would take gigabytes on the expanded rows.
    texts = _texts(3)
    features = TextFeatures(expansion=0.5)
    expanded = features.fit_transform(texts)
    without = TextFeatures()
    plain = without.fit_transform(texts)
    assert without.unexpanded_ is None
    assert abs(features.unexpanded_ - plain).max() < 1e-6
    assert expanded.nnz > plain.nnz
