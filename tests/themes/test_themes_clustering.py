"""The clustering core: merging the themes a classifier confuses, and the spare theme."""

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from analysis.themes.clustering import cluster, merge_most_confused
from analysis.themes.features import TextFeatures
from tests.themes.corpus import proposals


@pytest.fixture(scope="module")
def corpus():
    texts, topics = proposals(per_topic=30, seed=2)
    return TextFeatures().fit_transform(texts), np.unique(topics, return_inverse=True)[1]


def test_the_two_halves_of_a_split_theme_are_merged(corpus) -> None:
    matrix, topics = corpus
    for split_topic in range(4):
        labels = topics.copy()
        members = np.flatnonzero(topics == split_topic)
        labels[members[::2]] = 4  # every other member of one topic becomes a fifth "theme"
        merged = merge_most_confused(matrix, labels, n_themes=4)
        assert np.unique(merged).size == 4
        assert adjusted_rand_score(topics, merged) > 0.9, split_topic


def test_nothing_is_merged_when_the_count_is_already_reached(corpus) -> None:
    matrix, topics = corpus
    merged = merge_most_confused(matrix, topics, n_themes=4)
    assert adjusted_rand_score(topics, merged) > 0.9
    assert np.unique(merged).size == 4


@pytest.mark.parametrize("spare_themes", [0, 1, 3])
def test_cluster_returns_the_asked_number_of_themes(corpus, spare_themes) -> None:
    matrix, topics = corpus
    labels, vectors = cluster(matrix, 4, random_state=0, spare_themes=spare_themes)
    assert labels.shape == topics.shape and len(vectors) == len(topics)
    assert np.unique(labels).size == 4
    assert adjusted_rand_score(topics, labels) > 0.8


def test_no_spare_theme_when_there_are_not_enough_texts() -> None:
    texts = ["meer bomen in het park", "fietspaden bij scholen", "lagere belasting"]
    labels, _ = cluster(TextFeatures().fit_transform(texts), 3, random_state=0)
    assert sorted(labels.tolist()) == [0, 1, 2]
