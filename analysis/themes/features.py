"""Sparse text features for theme clustering: word and character TF-IDF, side by side.

* Word uni- and bigrams of content words (plus the parts of Dutch compounds): the words that
  name a theme. Bigrams keep ``open data`` apart from ``open source``.
* Character 3-5-grams within words: they tie together inflections, typos, compounds and
  languages without a stemmer (``fietspad``/``fietspaden``/``fiets``; ``parkeren``/``parking``).

Both use sublinear TF (a word said twice in one short text is not twice as topical), IDF, and
drop terms seen in fewer than ``min_df`` texts (they cannot connect texts) or in more than
``max_df`` of them (they cannot separate texts). Each block is L2-normalised, the character
block is down-weighted by ``char_weight`` (character n-grams are many and correlated; they
should refine the word signal, not drown it), and the rows are L2-normalised again.

**Soft document expansion** (``expansion`` > 0) fights paraphrase: "Plant meer bomen in onze
straat" and "Meer groen in de wijk" share no content word, but elsewhere in the collection
"bomen" and "groen" keep appearing in the same proposals. Each word's strongest associates in
the collection (its ``expansion_neighbours`` single words of highest PPMI, see
:mod:`analysis.themes.word_vectors`) are added to every text containing it, weighted by PPMI,
as a block normalised to ``expansion`` times the weight of the text's own words. The two
proposals above then share "groen", "bomen" and "park" a little. Only the clustering matrix
is expanded; theme names are still counted from what people wrote (``counts_``, ``words_``).
Single words only as associates: otherwise a word's strongest are the bigrams containing it.
Measured on samples of 2,000 texts of the four dev sets, k given, 2 seeds (ACC, expansion 0 /
0.5 / 1): StackOverflow 0.80 / 0.80 / 0.81, SearchSnippets 0.69 / 0.76 / 0.72, Tweet 0.75 /
0.84 / 0.87, GoogleNews-TS 0.85 / 0.87 / 0.88; chosen leave one set out, the held-out mean is
ACC 0.81 / NMI 0.78 against 0.78 / 0.77 without expansion (``bench/themes.py --sample 2000``).
A larger weight empties more themes when k is given (Tweet: 75.5 of 89 kept at 0.5, 68 at 1).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from analysis.themes.text import CompoundSplitter, content_words, normalise
from analysis.themes.word_vectors import ppmi_neighbours


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _bigrams(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


class TextFeatures:
    """Turns texts into the clustering matrix and keeps the word counts used to name themes."""

    def __init__(
        self,
        char_weight: float = 0.5,
        min_df: int = 2,
        max_df: float = 0.5,
        expansion: float = 0.0,
        expansion_neighbours: int = 10,
    ) -> None:
        self.char_weight = char_weight
        self.min_df = min_df
        self.max_df = max_df
        self.expansion = expansion
        self.expansion_neighbours = expansion_neighbours

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Fit the vocabularies on ``texts`` and return their rows of the clustering matrix."""
        base = [content_words(normalise(t)) for t in texts]
        splitter = CompoundSplitter().fit(base)
        tokens = [splitter.expand(t) + _bigrams(t) for t in base]
        # Tiny collections (a handful of proposals) cannot afford min_df=2 or a max_df cut.
        small = len(texts) < 50
        min_df = 1 if small else self.min_df
        max_df = 1.0 if small else self.max_df

        self.word_counts_ = CountVectorizer(analyzer=_identity, min_df=min_df, max_df=max_df)
        counts = self._fit_or_empty(self.word_counts_, tokens)
        words = _sublinear_tfidf(counts)
        chars_vectoriser = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
            min_df=min_df, max_df=max_df, lowercase=False, dtype=np.float32,
        )
        chars = self._fit_or_empty(chars_vectoriser, [" ".join(t) for t in base])
        # Theme labels count only what people wrote, not the compound parts added above:
        # otherwise "wordpress" would also be labelled "word" and "press".
        self.counts_ = self.word_counts_.transform([t + _bigrams(t) for t in base]).tocsr() \
            if hasattr(self.word_counts_, "vocabulary_") else counts
        self.words_ = normalize(words)
        chars = self.char_weight * normalize(chars)
        matrix = normalize(sp.hstack([self._expand(self.words_, counts), chars]).tocsr())
        # Without the expansion, for choosing the number of themes: there the word block's
        # co-occurrence is counted, and the expanded rows (several times the non-zeros) made
        # that count take gigabytes.
        self.unexpanded_ = normalize(sp.hstack([self.words_, chars]).tocsr()).astype(np.float32) \
            if self.expansion > 0 else None
        return matrix.astype(np.float32)

    def _expand(self, words: sp.csr_matrix, counts: sp.csr_matrix) -> sp.csr_matrix:
        """``words`` plus ``expansion`` times the (normalised) weights of their neighbours."""
        if self.expansion <= 0 or words.shape[1] < 3:
            return words
        # Single words only as neighbours: a word's strongest associates are otherwise the
        # bigrams that contain it ("stock" -> "stock market"), which add nothing to a text.
        single_words = np.array([" " not in term for term in self.vocabulary])
        neighbours = ppmi_neighbours(counts, self.expansion_neighbours, single_words)
        expanded = normalize(words @ neighbours)
        return normalize(words + self.expansion * expanded).astype(np.float32)

    @property
    def vocabulary(self) -> np.ndarray:
        """The word/bigram of each column of ``counts_``."""
        if not hasattr(self.word_counts_, "vocabulary_"):
            return np.array([], dtype=object)
        return self.word_counts_.get_feature_names_out()

    @staticmethod
    def _fit_or_empty(vectoriser, documents) -> sp.csr_matrix:
        try:
            return vectoriser.fit_transform(documents).tocsr()
        except ValueError:  # every text empty, or nothing left after min_df/max_df
            return sp.csr_matrix((len(documents), 1), dtype=np.float32)


def _sublinear_tfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Sublinear TF times smooth IDF, as ``TfidfVectorizer(sublinear_tf=True)`` computes it."""
    tf = counts.astype(np.float32)
    tf.data = 1.0 + np.log(tf.data)
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + counts.shape[0]) / (1 + document_frequency)) + 1.0
    return sp.csr_matrix(tf @ sp.diags(idf.astype(np.float32)))
