"""The float32, sparse-counting Complement NB is scikit-learn's ComplementNB, only faster."""

import numpy as np
import scipy.sparse as sp
from sklearn.naive_bayes import ComplementNB

from analysis.themes.naive_bayes import ComplementNaiveBayes


def test_posteriors_match_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    features = sp.random(400, 300, density=0.03, random_state=1, format="csr", dtype=np.float32)
    labels = rng.choice([3, 7, 8, 20, 21], size=400)
    train = rng.random(400) < 0.7
    ours = ComplementNaiveBayes(alpha=0.3).fit(features[train], labels[train])
    theirs = ComplementNB(alpha=0.3).fit(features[train], labels[train])
    assert ours.classes_.tolist() == theirs.classes_.tolist()
    expected = theirs.predict_proba(features)
    got = ours.predict_proba(features)
    assert np.abs(got - expected).max() < 1e-4
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).mean() > 0.99


def test_a_single_theme_gets_every_text() -> None:
    features = sp.csr_matrix(np.eye(4, dtype=np.float32))
    model = ComplementNaiveBayes().fit(features, np.zeros(4, dtype=int))
    assert model.predict_proba(features).tolist() == [[1.0]] * 4
