"""ThemeModel on a small synthetic Dutch + English corpus with four clear topics."""

import random

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.themes.model import ThemeModel
from tests.themes.corpus import proposals


@pytest.fixture(scope="module")
def corpus() -> tuple[list[str], list[str]]:
    return proposals(per_topic=25, seed=1)


def test_fixed_k_recovers_the_topics_and_gives_every_row_a_theme(corpus) -> None:
    texts, topics = corpus
    model = ThemeModel(n_themes=4, random_state=0).fit(texts)
    assert set(model.labels_.tolist()) <= {0, 1, 2, 3}
    assert (model.labels_ >= 0).all()
    assert adjusted_rand_score(topics, model.labels_) > 0.8
    assert sum(theme.size for theme in model.themes_) == len(texts)


def test_automatic_k_recovers_the_topics(corpus) -> None:
    texts, topics = corpus
    model = ThemeModel(random_state=0).fit(texts)
    assert 3 <= model.n_themes_ <= 6
    inside = model.labels_ >= 0
    assert inside.mean() >= 0.95  # only texts that fit no theme go to "other"
    assert adjusted_rand_score(np.array(topics)[inside], model.labels_[inside]) > 0.7


def many_small_topics(n_topics: int, seed: int = 0) -> tuple[list[str], list[int]]:
    """Topics of 12-25 texts, each text 1-3 words of its topic among 2-4 words all topics use."""
    rng = random.Random(seed)
    shared = [f"common{i}" for i in range(60)]
    rows = []
    for topic in range(n_topics):
        own = [f"topic{topic}word{j}" for j in range(6)]
        for _ in range(rng.randint(12, 25)):
            words = rng.sample(own, rng.randint(1, 3)) + rng.sample(shared, rng.randint(2, 4))
            rng.shuffle(words)
            rows.append((" ".join(words), topic))
    rng.shuffle(rows)
    return [text for text, _ in rows], [topic for _, topic in rows]


def test_automatic_k_finds_many_small_topics() -> None:
    # Comment sets such as tweets or news titles hold dozens of small topics; a search capped
    # at 40, or one that prefers few themes whatever the data, would merge them.
    texts, topics = many_small_topics(50)
    model = ThemeModel(random_state=0).fit(texts)
    assert 45 <= model.n_themes_ <= 55
    assert normalized_mutual_info_score(topics, model.labels_) > 0.95


def test_same_random_state_same_result(corpus) -> None:
    texts, _ = corpus
    first = ThemeModel(random_state=3).fit(texts)
    second = ThemeModel(random_state=3).fit(texts)
    assert np.array_equal(first.labels_, second.labels_)
    assert [t.label for t in first.themes_] == [t.label for t in second.themes_]


def test_labels_are_phrases_the_theme_wrote(corpus) -> None:
    texts, _ = corpus
    model = ThemeModel(n_themes=4, random_state=0).fit(texts)
    for theme in model.themes_:
        assert 1 <= len(theme.terms) <= 3
        assert theme.label.lower().startswith(theme.terms[0].lower())  # named by its first phrase
        members = [texts[i].lower() for i in np.flatnonzero(model.labels_ == theme.id)]
        for term in theme.terms:  # every phrase is something the members actually wrote
            assert any(term.lower() in text for text in members), (term, theme)
    labels = [theme.label.lower() for theme in model.themes_]
    for topic_word in ("vuurwerk", "belasting", "fiets", "bomen"):
        assert sum(topic_word in label for label in labels) <= 1
    assert any("vuurwerk" in label or "fireworks" in label for label in labels)


def test_representatives_and_support(corpus) -> None:
    texts, _ = corpus
    agrees = [3] * len(texts)
    disagrees = [1] * len(texts)
    model = ThemeModel(n_themes=4, random_state=0).fit(texts, agrees=agrees, disagrees=disagrees)
    for theme in model.themes_:
        assert len(theme.representatives) == 3
        assert all(model.labels_[row] == theme.id for row in theme.representative_rows)
        assert theme.representatives == [texts[r] for r in theme.representative_rows]
        assert theme.support == pytest.approx(0.75)
    assert ThemeModel(n_themes=4, random_state=0).fit(texts).themes_[0].support is None


def test_off_topic_proposals_go_to_other_when_k_is_automatic(corpus) -> None:
    texts, _ = corpus
    odd = ["Xylofoonles op zondagochtend", "Quantum chromodynamics lecture notes"]
    model = ThemeModel(random_state=0).fit(texts + odd)
    assert (model.labels_[-2:] == -1).all()
    assert model.theme_labels_[-1] == "other"
    fixed = ThemeModel(n_themes=4, random_state=0).fit(texts + odd)
    assert (fixed.labels_ >= 0).all()


def test_diacritics_and_html_do_not_split_a_theme() -> None:
    texts = ["<b>Één</b> café per wijk", "een cafe per wijk", "Een café in elke wijk",
             "Meer bomen in het park", "bomen in het park planten", "Plant bomen in het park"]
    model = ThemeModel(n_themes=2, random_state=0).fit(texts)
    assert len(set(model.labels_[:3])) == 1
    assert len(set(model.labels_[3:])) == 1
    assert model.labels_[0] != model.labels_[3]
    assert "café" in model.themes_[model.labels_[0]].label.lower()


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError):
        ThemeModel(n_themes=2).fit(["a b", "c d"], agrees=[1, 2])
    with pytest.raises(ValueError):
        ThemeModel(n_themes=2).fit(["a b", "c d"], agrees=[1, 2], disagrees=[0])
    with pytest.raises(ValueError):
        ThemeModel(n_themes=0).fit(["a b", "c d"])


@pytest.mark.parametrize("texts", [[], [""], ["Meer fietspaden"], ["", "  \n"],
                                   ["Meer fietspaden", "Plant bomen"]])
def test_too_few_texts_for_a_theme_are_all_other(texts: list[str]) -> None:
    model = ThemeModel(random_state=0)
    assert model.fit_predict(texts).tolist() == [-1] * len(texts)
    assert model.themes_ == [] and model.n_themes_ == 0
    assert model.theme_labels_ == ["other"] * len(texts)


def test_given_k_on_tiny_input_gives_each_proposal_a_theme() -> None:
    two = ["Meer fietspaden in de stad", "Plant bomen in het park"]
    for k in (2, 5):  # at most one theme per text
        labels = ThemeModel(n_themes=k, random_state=0).fit_predict(two)
        assert sorted(labels.tolist()) == [0, 1]
    model = ThemeModel(n_themes=3, random_state=0).fit(["", "Meer fietspaden", "   "])
    assert model.labels_.tolist() == [-1, 0, -1]
    assert model.themes_[0].representative_rows == [1]
    assert ThemeModel(n_themes=3).fit_predict([]).tolist() == []
    assert ThemeModel(n_themes=3).fit_predict(["", ""]).tolist() == [-1, -1]


def test_empty_texts_are_other_even_with_k(corpus) -> None:
    texts, topics = corpus
    with_empty = ["", *texts[:50], "   ", *texts[50:]]
    votes = [5, *([1] * 50), 5, *([1] * 50)]
    model = ThemeModel(n_themes=4, random_state=0).fit(
        with_empty, agrees=votes, disagrees=[0] * len(with_empty))
    empty = [0, 51]
    assert (model.labels_[empty] == -1).all()
    assert (np.delete(model.labels_, empty) >= 0).all()
    assert adjusted_rand_score(topics, np.delete(model.labels_, empty)) > 0.8
    assert sum(theme.agrees for theme in model.themes_) == len(texts)  # no empty row's votes
    for theme in model.themes_:  # rows refer to the input, empty rows included
        assert theme.representatives == [with_empty[r] for r in theme.representative_rows]
        assert all(model.labels_[r] == theme.id for r in theme.representative_rows)


def test_lead_in_words_do_not_split_a_theme() -> None:
    # "Mijn voorstel: ..." and "Idee: ..." say that a text is a proposal, which every text in
    # a consultation is; the two halves of each topic must not become themes of their own.
    package = ["het basispakket kleiner maken", "minder behandelingen in het basispakket",
               "het eigen risico omlaag en het basispakket smaller",
               "tandarts uit het basispakket halen", "basispakket beperken tot de basis",
               "fysiotherapie niet meer in het basispakket"]
    cycling = ["meer fietspaden in de binnenstad", "veilige fietsroutes naar school",
               "fietsenstallingen bij het station", "brede fietspaden langs de dijk",
               "gratis fietsen stallen in het centrum", "fietsstraten waar auto's te gast zijn"]
    texts = [f"{lead} {text}" for topic in (package, cycling) for i, text in enumerate(topic)
             for lead in [("Mijn voorstel:", "Idee:")[i % 2]]]
    model = ThemeModel(n_themes=2, random_state=0).fit(texts)
    assert len(set(model.labels_[:6])) == 1 and len(set(model.labels_[6:])) == 1
    assert model.labels_[0] != model.labels_[6]
    for theme in model.themes_:
        assert not {"voorstel", "idee"} & set(" ".join(theme.terms).split())


def test_representatives_are_different_proposals_and_the_voted_version() -> None:
    # One proposal sent in by many people with small changes, as happens when a proposal is
    # shared: the theme should show three different proposals, not three copies of it.
    copies = ["Meer fietspaden in de binnenstad", "Meer fietspaden in de binnenstad!",
              "Mijn voorstel: meer fietspaden in de binnenstad.", "meer fietspaden binnenstad",
              "Meer fietspaden in de binnenstad, dat is veiliger."]
    others = ["Veilige fietspaden bij scholen", "Een fietsenstalling bij het station",
              "Brede fietspaden langs de dijk"]
    trees = ["Plant meer bomen in onze wijk", "Meer bomen in de straat tegen hitte",
             "Onderhoud de bomen in het park beter", "Bomen en groen in elke straat"]
    texts = copies * 2 + others + trees
    model = ThemeModel(n_themes=2, random_state=0).fit(texts)
    cycling = next(t for t in model.themes_ if model.labels_[0] == t.id)
    assert len(cycling.representatives) == 3
    assert sum(text in copies for text in cycling.representatives) == 1

    votes = [0] * len(texts)
    voted = 3  # the version people judged
    votes[voted] = 40
    voted_model = ThemeModel(n_themes=2, random_state=0).fit(
        texts, agrees=votes, disagrees=[0] * len(texts))
    cycling = next(t for t in voted_model.themes_ if voted_model.labels_[0] == t.id)
    assert voted in cycling.representative_rows
    assert sum(text in copies for text in cycling.representatives) == 1
