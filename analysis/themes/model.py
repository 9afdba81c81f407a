"""``ThemeModel``: cluster short free-text proposals into named themes (scikit-learn style).

>>> model = ThemeModel(random_state=0).fit(proposals)
>>> model.labels_          # theme id per proposal; -1 = "other" (only when k is automatic)
>>> model.themes_[0]       # Theme(id=0, label="fietspad, fiets, binnenstad", size=..., ...)

The recipe (features, LSA, spherical k-means, self-training, consensus, merging a spare theme)
is explained in :mod:`analysis.themes.features` and :mod:`analysis.themes.clustering`; the
choice of the number of themes in :mod:`analysis.themes.choose_k`; naming and picking examples
in :mod:`analysis.themes.describe`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin

from analysis.progress import Progress
from analysis.themes.choose_k import candidate_counts, choose_n_themes, stability_scores
from analysis.themes.clustering import cluster
from analysis.themes.describe import OTHER, Theme
from analysis.themes.features import TextFeatures
from analysis.themes.tree import build_tree
from analysis.themes.word_vectors import text_vectors

# Above this many texts the features are not expanded: the denser matrix slows every step
# (100,000 perturbed StackOverflow titles, k = 20: 537 s with expansion 0.5 against 319 s
# without, on a busy two-core machine, in separate runs), which would cost the two-minute
# target, while large collections have enough co-occurrence of their own.
EXPANSION_MAX_TEXTS = 50_000


class ThemeModel(ClusterMixin, BaseEstimator):
    """Groups short texts into themes, names them and picks representative texts.

    Parameters
    ----------
    n_themes : int or None
        Number of themes. ``None`` chooses it by resampling stability compared with a
        structureless null reference (between 2 and ``max_themes``) and sends texts that fit
        no theme to "other" (label -1). A fixed number gives every non-empty text one of the
        ``n_themes`` themes (at most one theme per non-empty text); empty texts are "other".
    max_themes : int
        Upper bound for the automatic choice.
    max_topics : int
        Most top-level themes (``topics_``); the themes are grouped beneath them as sub-themes
        (see :mod:`analysis.themes.tree`).
    char_weight : float
        Weight of character n-grams relative to words (0 = words only).
    self_training_rounds : int
        Rounds of classifier refinement after k-means (0 = plain spherical k-means on LSA).
    outlier_quantile : float
        Automatic k only: a text goes to "other" when its similarity to its theme (word TF-IDF
        cosine to the centre of the *other* members) is below this quantile of the similarities
        of the texts outside the theme to it: it fits its theme no better than most outsiders.
    outlier_similarity : float
        Automatic k only: texts less similar than this to their theme always go to "other"
        (an absolute floor under the relative rule; 0 = none).
    consensus_runs : int
        Number of k-means + self-training runs whose consensus is the result (1 = no vote).
    word_vector_dims : int
        Automatic k only: dimensions of the word vectors learned from the whole collection
        (PPMI + SVD, see :mod:`analysis.themes.word_vectors`) with which the resamples are
        clustered while choosing k; 0 = each resample's own LSA instead.
    min_theme_size : int
        Automatic k only: themes smaller than this are dissolved into "other".
    expansion : float
        Weight of each text's associated words (soft document expansion, see
        :mod:`analysis.themes.features`) relative to its own words; 0 = its own words only.
        Not applied above ``EXPANSION_MAX_TEXTS`` texts (speed).
    random_state : int or None
        Seed for SVD, k-means and resampling; the same seed and data give the same result.
    verbose : bool
        Report stages and timings on stderr.

    Attributes
    ----------
    labels_ : ndarray of int
        Theme id per text, in input order; -1 = "other" (automatic k, and empty texts).
    themes_ : list of Theme
        Name (``label``), description, size, representative texts and support of each theme
        (the fine themes ``labels_`` numbers); ``parent`` is its top-level theme in ``topics_``.
    topics_ : list of Theme
        The top-level themes, largest first, each with its ``subthemes`` (the entries of
        ``themes_`` beneath it, renamed for what sets them apart) when it has more than one.
    n_themes_ : int
        Number of themes found (a theme that loses every member while being refined is gone).
    stability_, stability_error_ : dict of int to float
        Automatic k only: the chance-corrected stability of each candidate k and its standard
        error (see :mod:`analysis.themes.choose_k`); empty when k was given.
    """

    def __init__(
        self,
        n_themes: int | None = None,
        *,
        max_themes: int = 100,
        max_topics: int = 12,
        char_weight: float = 0.5,
        self_training_rounds: int = 10,
        outlier_quantile: float = 0.5,
        outlier_similarity: float = 0.0,
        consensus_runs: int = 6,
        min_theme_size: int = 3,
        word_vector_dims: int = 100,
        expansion: float = 0.5,
        random_state: int | None = None,
        verbose: bool = False,
    ) -> None:
        self.n_themes = n_themes
        self.max_themes = max_themes
        self.max_topics = max_topics
        self.char_weight = char_weight
        self.self_training_rounds = self_training_rounds
        self.outlier_quantile = outlier_quantile
        self.outlier_similarity = outlier_similarity
        self.consensus_runs = consensus_runs
        self.min_theme_size = min_theme_size
        self.word_vector_dims = word_vector_dims
        self.expansion = expansion
        self.random_state = random_state
        self.verbose = verbose

    def fit(
        self,
        X: Sequence[str],
        y: None = None,
        agrees: Sequence[int] | None = None,
        disagrees: Sequence[int] | None = None,
    ) -> ThemeModel:
        """Cluster the texts ``X``; ``agrees``/``disagrees`` (per text) give each theme support.

        Empty texts (nothing but white space) are always "other" (-1): they have no theme to
        find, whether or not ``n_themes`` is given. Any number of texts is accepted; with too
        few for a theme every text is "other" (automatic k), or there are at most as many
        themes as non-empty texts (``n_themes`` given).
        """
        texts = ["" if t is None else str(t) for t in X]
        if self.n_themes is not None and self.n_themes < 1:
            raise ValueError(f"n_themes must be at least 1, got {self.n_themes}")
        for name, votes in (("agrees", agrees), ("disagrees", disagrees)):
            if votes is not None and len(votes) != len(texts):
                raise ValueError(f"{name} has {len(votes)} values for {len(texts)} texts")
        if (agrees is None) != (disagrees is None):
            raise ValueError("give both agrees and disagrees, or neither")
        rows = np.flatnonzero([bool(t.strip()) for t in texts])  # the non-empty texts
        self.stability_, self.stability_error_ = {}, {}
        labels = np.full(len(texts), -1, dtype=int)
        themes: list[Theme] = []
        self.topics_ = []
        if self._can_form_themes(rows.size):
            kept_labels, themes = self._fit_non_empty(
                [texts[r] for r in rows],
                None if agrees is None else np.asarray(agrees)[rows].tolist(),
                None if disagrees is None else np.asarray(disagrees)[rows].tolist(),
            )
            labels[rows] = kept_labels
            # Rows were counted among the non-empty texts: back to input rows.
            themes = [_to_input_rows(theme, rows) for theme in themes]
            self.topics_ = [_to_input_rows(topic, rows) for topic in self.topics_]
        self.labels_, self.themes_ = labels, themes
        self.n_themes_ = len(self.themes_)
        return self

    def _can_form_themes(self, n_non_empty: int) -> bool:
        """Whether ``n_non_empty`` non-empty texts can hold a theme at all.

        Automatic k: a theme needs ``min_theme_size`` members, and choosing k compares at
        least two resamples, so below that everything is "other". Given k: one text is a
        theme of its own.
        """
        if self.n_themes is not None:
            return n_non_empty >= 1
        return n_non_empty >= max(2, self.min_theme_size)

    def _fit_non_empty(
        self, texts: list[str], agrees: list[int] | None, disagrees: list[int] | None
    ) -> tuple[np.ndarray, list[Theme]]:
        """Labels and themes of the non-empty ``texts``."""
        progress = Progress(enabled=self.verbose)
        seed = self._seed()

        with progress.stage(f"features for {len(texts)} texts"):
            # Large collections skip the expansion (speed; see EXPANSION_MAX_TEXTS).
            expansion = self.expansion if len(texts) <= EXPANSION_MAX_TEXTS else 0.0
            features = TextFeatures(char_weight=self.char_weight, expansion=expansion)
            matrix = features.fit_transform(texts)

        embed = None
        if self.n_themes is None and self.word_vector_dims > 0:
            word_columns = features.words_.shape[1]

            def embed(m: sp.csr_matrix) -> np.ndarray:
                # The word block of the matrix (or of its null reference): presence for the
                # co-occurrence counts, TF-IDF for the weights.
                return text_vectors(m[:, :word_columns], m[:, :word_columns],
                                    self.word_vector_dims, seed)

        automatic = self.n_themes is None
        if automatic:
            candidates = candidate_counts(len(texts), self.max_themes)
            with progress.stage("choosing the number of themes"):
                unexpanded = matrix if features.unexpanded_ is None else features.unexpanded_
                scores = stability_scores(unexpanded, candidates, seed, progress=progress,
                                          embed=embed)
            self.stability_, self.stability_error_ = scores.score, scores.error
            n_themes = choose_n_themes(scores)
            progress.say(f"{n_themes} themes")
        else:
            n_themes = min(self.n_themes, len(texts))

        with progress.stage(f"clustering into {n_themes} themes"):
            labels, lsa_vectors = cluster(
                matrix, n_themes, seed, self.self_training_rounds, n_runs=self.consensus_runs
            )
        if automatic:
            labels = self._mark_outliers(features.words_, labels)

        with progress.stage("naming themes"):
            labels, themes, self.topics_ = build_tree(
                texts, labels, features, lsa_vectors, agrees, disagrees, may_merge=automatic,
                max_topics=self.max_topics)
            return labels, themes

    def fit_predict(self, X: Sequence[str], y: None = None, **fit_params) -> np.ndarray:
        return self.fit(X, **fit_params).labels_

    @property
    def theme_labels_(self) -> list[str]:
        """The label of each text's theme ("other" for -1), in input order."""
        names = {theme.id: theme.label for theme in self.themes_}
        return [names.get(int(label), OTHER) for label in self.labels_]

    def _seed(self) -> int:
        if self.random_state is None:
            return int(np.random.default_rng().integers(2**31 - 1))
        if isinstance(self.random_state, np.random.RandomState):
            return int(self.random_state.randint(2**31 - 1))
        return int(self.random_state)

    def _mark_outliers(self, words: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
        """-1 for texts that fit their theme no better than outsiders do, and for tiny themes.

        The cut-off is relative to the data, because what similarity means depends on text
        length and vocabulary: two 5-word titles of one topic often share a single word, two
        20-word snippets share several. For each theme, a member's similarity is measured to
        the centre of the *other* members (leave-one-out, or every member would look similar
        to a centre it helped to build) and compared with the similarities of texts outside
        the theme. Words, not character n-grams: sharing a few letter sequences with a theme
        is no sign of belonging to it.
        """
        labels = labels.copy()
        for label in np.unique(labels):
            inside = labels == label
            total = np.asarray(words[inside].sum(axis=0)).ravel()
            dot = np.asarray(words @ total).ravel()
            outsider = dot[~inside] / max(float(np.sqrt(total @ total)), 1e-12)
            norm_without = np.sqrt(np.maximum(total @ total - 2 * dot[inside] + 1.0, 1e-12))
            member = (dot[inside] - 1.0) / norm_without  # rows are L2-normalised
            cut = np.quantile(outsider, self.outlier_quantile) if outsider.size else 0.0
            members = np.flatnonzero(inside)
            labels[members[(member < cut) | (member < self.outlier_similarity)]] = -1
        sizes = np.bincount(labels[labels >= 0], minlength=1)
        labels[(labels >= 0) & (sizes[np.maximum(labels, 0)] < self.min_theme_size)] = -1
        return labels


def _to_input_rows(theme: Theme, rows: np.ndarray) -> Theme:
    """``theme`` (and its sub-themes) with row numbers ``r`` of the non-empty texts replaced
    by ``rows[r]``, their rows in the input."""
    return replace(
        theme,
        representative_rows=[int(rows[r]) for r in theme.representative_rows],
        member_rows=[int(rows[r]) for r in theme.member_rows],
        subthemes=[_to_input_rows(sub, rows) for sub in theme.subthemes],
    )


__all__ = ["OTHER", "Theme", "ThemeModel"]
