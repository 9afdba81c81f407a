"""Theme names a person writes: phrases the texts use, no consultation-wide words, no two
themes named alike, 5-12 top-level themes, and quotes that are not the same text twice."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sklearn.preprocessing import normalize

from analysis.themes import find_themes
from analysis.themes.features import TextFeatures
from analysis.themes.naming import Namer, near_identical, shorten
from analysis.themes.phrases import PhraseIndex, clauses, is_clause, stem, ubiquitous_words
from analysis.themes.similar import NEAR_DUPLICATE, vectorise
from analysis.themes.text import fold_diacritics, normalise
from analysis.themes.tree import MAX_TOPICS, MIN_TOPICS, build_tree, target_topics

CLOSINGS_NL = [
    "",
    ".",
    "!",
    ", dat is veel eerlijker.",
    ", dat scheelt veel geld.",
    ". Dat is goed voor iedereen.",
]
OPENINGS_NL = ["", "Mijn voorstel: ", "Idee: ", "Voorstel: "]

# Fourteen Dutch proposals, each written by several citizens with small changes, as in a
# consultation: (the core of the proposal, how many write it).
DUTCH = [
    ("autovrije zondag in de binnenstad", 8),
    ("meer bomen in versteende straten zodat het in de zomer koeler blijft", 8),
    ("betaalbare huurwoningen voor starters bouwen", 8),
    ("vrijliggende fietspaden op alle routes naar scholen", 8),
    ("zonnepanelen op alle daken van sporthallen", 7),
    ("gratis isolatieadvies voor huurders en kopers", 7),
    ("goedkopere bussen in de avond zodat mensen de auto laten staan", 7),
    ("overdekte fietsenstallingen bij het station", 6),
    ("een stadspark op het parkeerterrein bij de markt", 6),
    ("geen dure proefprojecten, alleen maatregelen die zich terugverdienen", 6),
    ("tegels eruit en groen erin met subsidie voor geveltuinen", 6),
    ("een wijkwarmtenet in de oude haven", 6),
    ("de eigen gebouwen van de gemeente eerst verduurzamen", 6),
    ("speelplekken voor kinderen in elke wijk", 6),
]


def dutch_consultation(seed: int = 0) -> tuple[list[str], np.ndarray]:
    """Texts and the proposal each one writes."""
    rng = random.Random(seed)
    texts, topics = [], []
    for topic, (core, count) in enumerate(DUTCH):
        for _ in range(count):
            text = rng.choice(OPENINGS_NL) + core + rng.choice(CLOSINGS_NL)
            texts.append(text[:1].upper() + text[1:])
            topics.append(topic)
    return texts, np.array(topics)


def tree_of(texts: list[str], labels: np.ndarray, may_merge: bool = True):
    features = TextFeatures()
    matrix = features.fit_transform(texts)
    vectors = normalize(matrix.toarray())  # stands in for the LSA vectors of the clustering
    return build_tree(texts, labels, features, vectors, may_merge=may_merge)


def test_names_are_phrases_the_texts_use_not_single_keywords() -> None:
    texts, topics = dutch_consultation()
    _, leaves, _ = tree_of(texts, topics)
    lowered = [t.lower() for t in texts]
    for leaf in leaves:
        name = leaf.label.lower()
        assert "," not in name  # a title, not a list of keywords
        assert any(name in text for text in lowered), name  # written by the citizens
    names = {leaf.label for leaf in leaves}
    assert "Autovrije zondag in de binnenstad" in names
    assert (
        "Betaalbare huurwoningen voor starters" in names
        or "Betaalbare huurwoningen voor starters bouwen" in names
    )
    # Most names are phrases of several words, not one keyword.
    assert sum(len(name.split()) >= 2 for name in names) >= 0.8 * len(names)


def test_a_phrase_stops_at_a_clause_and_a_lead_in_is_no_name() -> None:
    assert clauses("Mijn voorstel: het eigen risico afschaffen zodat mensen niet wegblijven") == [
        "het eigen risico afschaffen",
        "mensen niet wegblijven",
    ]
    index = PhraseIndex(
        [
            "Idee: minder administratie, zodat zorgverleners tijd hebben",
            "Minder administratie voor de zorgverleners!",
        ]
    )
    written = {index.spelling(p) for p in index.phrases_of[0] | index.phrases_of[1]}
    assert "minder administratie" in written
    assert not any(p.startswith(("idee", "voor")) or p.endswith(" de") for p in written)
    assert not any("administratie zodat" in p for p in written)


def test_spelling_keeps_names_capitals_not_a_sentence_opening_capital() -> None:
    index = PhraseIndex(
        ["Brexit deal with the EU now", "A better deal with the EU", "Deal with the EU first"]
    )
    assert index.spelling("deal with the eu") == "deal with the EU"
    assert PhraseIndex(["PV-Anlagen auf Dächer"]).spelling("pv-anlag") == "PV-Anlagen"


def test_words_of_the_whole_consultation_name_no_theme() -> None:
    # Every proposal names the city and the county, as in a conversation about one city.
    subjects = {
        "housing": [
            "affordable housing for families",
            "more affordable housing downtown",
            "affordable housing near transit",
            "build affordable housing now",
        ],
        "transit": [
            "better bus service at night",
            "a bus service to the airport",
            "faster bus service on main street",
            "free bus service for students",
        ],
        "parks": [
            "clean up the riverside park",
            "more trees in the riverside park",
            "lights in the riverside park",
            "a playground in the riverside park",
        ],
    }
    texts, labels = [], []
    for label, items in enumerate(subjects.values()):
        for item in items:
            for frame in (
                "Springfield county needs {}",
                "{} in Springfield county",
                "Springfield should fund {} across the county",
            ):
                texts.append(frame.format(item))
                labels.append(label)
    labels_array = np.array(labels)
    index = PhraseIndex(texts)
    assert {"springfield", "county"} <= ubiquitous_words(index, labels_array)
    _, leaves, topics = tree_of(texts, labels_array)
    for theme in [*leaves, *topics]:
        assert "springfield" not in theme.label.lower()
        assert "county" not in theme.label.lower()
    assert {leaf.label for leaf in leaves} == {
        "Affordable housing",
        "Bus service",
        "Riverside park",
    }


def test_a_theme_split_in_two_is_not_named_twice() -> None:
    texts, topics = dutch_consultation(seed=1)
    # The clustering split "autovrije zondag" by its closing remark: two fine themes.
    labels = topics.copy()
    sunday = np.flatnonzero(topics == 0)
    labels[sunday[::2]] = len(DUTCH)
    new_labels, _leaves, topics_found = tree_of(texts, labels)
    named_sunday = [t for t in topics_found if "autovrije zondag" in t.label.lower()]
    assert len(named_sunday) == 1  # one top-level theme, not two
    assert len({new_labels[row] for row in sunday}) == 1  # merged into one sub-theme
    for i, first in enumerate(topics_found):
        for second in topics_found[i + 1 :]:
            assert first.label.lower() != second.label.lower()


def test_texts_in_another_language_get_english_templates_not_german() -> None:
    # "Uber" folds to the German function word "über"; Chinese has no spaces to count words.
    index = PhraseIndex(["我覺得 Uber 應該合法", "Uber 司機都應該考取職業駕駛執照", "計程車 uber"])
    assert index.language() == "en"
    assert PhraseIndex(["Wir brauchen mehr Windräder auf den Hügeln"]).language() == "de"
    assert PhraseIndex(["Meer bomen in de straat zodat het koeler wordt"]).language() == "nl"


def test_a_single_word_name_grows_into_the_phrase_its_users_write() -> None:
    texts = [
        "Proportional representation gives every vote weight",
        "We need proportional representation now",
        "Proportional representation is fairer",
        "A proportional system would help",
        "Keep first past the post",
        "First past the post works",
        "First past the post is simple",
    ]
    index = PhraseIndex(texts)
    name = Namer(index, frozenset(), "en").name([0, 1, 2, 3], context=None)
    assert name is not None and name.text == "Proportional representation"


def test_near_identical_names() -> None:
    assert near_identical(
        frozenset({"autovrij", "zondag"}), frozenset({"autovrij", "zondag", "binnenstad"})
    )
    assert near_identical(frozenset({"eigen", "risico"}), frozenset({"eigen", "risico"}))
    assert not near_identical(frozenset({"fietspad", "school"}), frozenset({"zonnepanel", "dak"}))


@pytest.mark.parametrize("n_texts, expected", [(10, MIN_TOPICS), (150, 8), (5000, MAX_TOPICS)])
def test_number_of_top_level_themes_grows_with_the_consultation(
    n_texts: int, expected: int
) -> None:
    assert target_topics(n_texts) == expected


def test_many_fine_themes_become_5_to_12_themes_with_sub_themes() -> None:
    texts, topics = dutch_consultation(seed=2)
    # Each proposal split in two by its closing remark: 28 fine themes for 97 texts.
    labels = topics * 2 + np.arange(len(topics)) % 2
    _new_labels, leaves, topics_found = tree_of(texts, labels, may_merge=False)
    assert MIN_TOPICS <= len(topics_found) <= MAX_TOPICS
    assert len(leaves) == 28  # with a given number of themes, none is merged away
    for topic in topics_found:
        parts = topic.subthemes or [leaf for leaf in leaves if leaf.parent == topic.id]
        assert sum(part.size for part in parts) == topic.size
        assert all(leaves[part.id].parent == topic.id for part in parts)
        assert sorted(topic.member_rows) == sorted(
            row for part in parts for row in part.member_rows
        )


def test_each_theme_has_a_description_in_the_texts_language() -> None:
    texts, topics = dutch_consultation()
    _, leaves, topics_found = tree_of(texts, topics)
    for theme in [*leaves, *topics_found]:
        assert theme.description.startswith(("Vaak genoemd:", "Typerend:"))
        assert "“" in theme.description
    english = find_themes(
        [
            "We need more trees in the park",
            "Plant trees in the park please",
            "More trees in the park would help",
            "Cheaper buses at night",
            "Cheaper buses at night for students",
            "We want cheaper buses",
        ]
    )
    assert english.themes
    assert all(t.description.startswith(("Often mentioned:", "Typical:")) for t in english.themes)


def test_shorten_keeps_the_first_sentence_without_the_lead_in() -> None:
    assert shorten("Mijn voorstel: meer bomen. Dat is goed.") == "Meer bomen."
    long = "Idee: " + "heel lange zin " * 30
    short = shorten(long, limit=50)
    assert len(short) <= 51 and short.endswith("…") and short.startswith("Heel")


def test_find_themes_on_free_text_answers_gives_ids_and_distinct_quotes() -> None:
    texts, _topics = dutch_consultation(seed=3)
    ids = [f"answer-{i}" for i in range(len(texts))]
    texts = [*texts, "", "   "]
    ids = [*ids, "empty-1", "empty-2"]
    result = find_themes(texts, ids)
    assert MIN_TOPICS <= len(result.themes) <= MAX_TOPICS
    assert {"empty-1", "empty-2"} <= set(result.other_ids)
    seen = set(result.other_ids)
    for theme in result.themes:
        assert theme.size == len(theme.ids)
        assert not seen & set(theme.ids)  # every text in one place
        seen |= set(theme.ids)
        assert 1 <= len(theme.quotes) <= 3 and set(theme.quote_ids) <= set(theme.ids)
        if len(theme.subthemes) >= 2:  # (a theme of one proposal written 8 times has 1)
            assert len(theme.quotes) >= 2
        for quote, quote_id in zip(theme.quotes, theme.quote_ids, strict=True):
            assert texts[ids.index(quote_id)] == quote
        # Never the same text twice, nor two versions of it.
        vectors = vectorise(theme.quotes)
        similarity = (vectors @ vectors.T).toarray()
        np.fill_diagonal(similarity, 0)
        assert similarity.max() < NEAR_DUPLICATE
        assert len({normalise(q) for q in theme.quotes}) == len(theme.quotes)
        for sub in theme.subthemes:
            assert set(sub.ids) <= set(theme.ids)
    assert seen == set(ids)


def test_find_themes_with_too_few_texts_has_none() -> None:
    result = find_themes(["Meer bomen", ""], ids=["a", "b"])
    assert result.themes == [] and result.other_ids == ["a", "b"] and result.model is None
    with pytest.raises(ValueError):
        find_themes(["Meer bomen", "Minder auto's"], ids=["a"])


def test_one_long_text_does_not_name_its_theme() -> None:
    medicines = [
        "Medicijnen moeten goedkoper worden",
        "De prijs van medicijnen verlagen",
        "Medicijnen betaalbaar maken voor iedereen",
        "Lagere prijzen voor medicijnen",
        "Maximumprijs voor medicijnen invoeren",
        "Goedkopere medicijnen inkopen",
    ]
    long_text = "Medicijnen zijn duur. " + "Zorg daaraan, herhaling van de zorg. " * 600
    index = PhraseIndex([*medicines, long_text])
    name = Namer(index, frozenset(), "nl").name(list(range(len(medicines) + 1)))
    assert name is not None and name.text == "Medicijnen"


def _name(texts: list[str], language: str, members: list[int] | None = None) -> str:
    index = PhraseIndex(texts)
    rows = list(range(len(texts))) if members is None else members
    name = Namer(index, frozenset(), language).name(rows)
    assert name is not None
    return name.text


@pytest.mark.parametrize(
    ("texts", "language", "edge"),
    [
        (
            [
                "Meer concurrentie tussen ziekenhuizen",
                "Concurrentie tussen verzekeraars stoppen",
                "Eerlijke concurrentie tussen zorgaanbieders",
                "Geen concurrentie tussen huisartsen",
            ],
            "nl",
            "tussen",
        ),
        (
            [
                "Mehr Radwege während des Sommers",
                "Radwege während der Bauarbeiten sperren",
                "Sichere Radwege während der Nacht",
            ],
            "de",
            "wahrend",
        ),
        (
            [
                "Cheaper buses despite the cuts",
                "Keep the buses despite the deficit",
                "More buses despite everything",
            ],
            "en",
            "despite",
        ),
    ],
)
def test_a_name_never_ends_on_a_preposition(texts: list[str], language: str, edge: str) -> None:
    name = _name(texts, language)
    last = fold_diacritics(name.split()[-1].lower())
    assert last != edge, name


def test_a_lone_modifier_is_no_name_when_its_noun_phrase_is_there() -> None:
    # "eigen" is used by every text, "eigen risico" by three of seven: the adjective alone
    # ("Eigen") names nothing.
    dutch = [
        "Het eigen risico afschaffen",
        "Eigen risico omlaag",
        "Geen eigen risico voor chronisch zieken",
        "Eigen bijdrage voor medicijnen schrappen",
        "Een eigen keuze voor de tandarts",
        "Eigen regie voor ouderen",
        "Meer eigen verantwoordelijkheid",
    ]
    assert _name(dutch, "nl") == "Eigen risico"
    english = [
        "Higher taxes for the rich",
        "Higher wages for nurses",
        "Higher taxes on wealth",
        "Higher taxes on big companies",
        "Higher pensions",
        "Higher benefits",
        "Higher minimum income",
    ]
    assert _name(english, "en") == "Higher taxes"


def test_a_lone_verb_is_no_name_when_a_noun_phrase_is_there() -> None:
    dutch = [
        "Gestopt met fysiotherapie toen de vergoeding op was",
        "Ik ben gestopt met fysiotherapie",
        "Fysiotherapie niet vergoed, dus gestopt",
        "Gestopt met de tandarts",
        "Gestopt omdat het te duur werd",
    ]
    assert "fysiotherapie" in _name(dutch, "nl").lower()  # not "Gestopt" alone
    german = [
        "Weniger Energie verbrauchen im Winter",
        "Die Heizung soll weniger verbrauchen",
        "Autos sollen weniger Benzin verbrauchen",
        "Wir verbrauchen zu viel Energie",
        "Haushalte verbrauchen zu viel",
    ]
    assert "Energie" in _name(german, "de").split()  # not "Verbrauchen" alone


def test_auxiliaries_and_infinitives_make_a_clause() -> None:
    assert is_clause("lists were far too long")
    assert is_clause("veel geld te besparen")
    assert not is_clause("autovrij zondag in de binnenstad")
    assert not is_clause("access to healthcare")


def test_a_clause_is_no_name_when_a_noun_phrase_is_there() -> None:
    texts = [
        "Er valt veel geld te besparen op inhuur",
        "Bij inhuur valt veel geld te besparen",
        "Valt veel geld te besparen, minder inhuur",
        "Valt veel geld te besparen op de zorg",
        "Valt veel geld te besparen bij ziekenhuizen",
        "Minder inhuur van uitzendkrachten",
    ]
    name = _name(texts, "nl")
    assert "besparen" not in name and "valt" not in name.lower(), name


def test_a_subject_or_an_object_inside_makes_a_clause() -> None:
    assert is_clause("vind ik belangrijk")
    assert is_clause("schaf de concurrerend zorgverzekeraar")
    assert is_clause("leav the car")
    assert not is_clause("ausbau der radweg")  # a German genitive, not an object
    assert not is_clause("parkeerterrein bij het station")


def test_an_english_name_ends_on_its_noun_not_on_a_modifier() -> None:
    texts = [
        "The current electoral system is unfair",
        "Current electoral rules favour big parties",
        "Replace the current electoral system",
        "Current electoral law is outdated",
        "Our electoral system needs reform",
    ]
    name = _name(texts, "en")
    assert name.split()[-1].lower() not in ("electoral", "current"), name


def test_an_english_verb_form_is_no_name_alone() -> None:
    texts = [
        "I voted to remain in the single market",
        "We voted remain, keep the single market",
        "Voted leave but keep the single market",
        "Voted for Brexit",
        "Voted remain",
    ]
    index = PhraseIndex(texts)
    assert not index.is_head("voted", "en")
    assert index.is_head("market", "en") and index.is_head("brexit", "en")
    assert _name(texts, "en") != "Voted"


def test_a_name_is_not_joined_to_its_translation() -> None:
    texts = [
        "Ban fireworks in the city centre",
        "No more fireworks at new year",
        "Fireworks only at fixed places",
        "Verbied vuurwerk met oud en nieuw",
        "Minder vuurwerk rond de dieren",
        "Alleen vuurwerk op vaste plekken in de stad",
    ]
    index = PhraseIndex(texts)
    namer = Namer(index, frozenset(), "en")
    english, dutch = namer.name([0, 1, 2]), namer.name([3, 4, 5])
    assert english is not None and dutch is not None
    assert not namer.same_language(english, dutch)
    assert namer.same_language(english, english)


def test_a_group_sharing_only_a_modifier_has_no_name() -> None:
    texts = [
        "Mensen moeten meer eigen verantwoordelijkheid nemen",
        "Het eigen risico is te hoog",
        "Luister naar de verpleegkundigen",
        "Klein inkomen mijdt de dokter",
    ]
    assert Namer(PhraseIndex(texts), frozenset(), "nl").name([0, 1, 2, 3]) is None


def test_a_dutch_verb_particle_ends_a_clause() -> None:
    assert is_clause("concurrerend zorgverzekeraar af en maak")
    texts = ["Schaf de zorgverzekeraars af en maak een zorgfonds"] * 3
    name = _name(texts, "nl")
    assert not name.lower().endswith((" af", " mee", " toe")), name


def test_a_dutch_inflected_adjective_is_a_modifier_even_before_the_clause_end() -> None:
    texts = [
        "Stop met dure medicijnen",
        "Onderhandel over de prijs van dure medicijnen",
        "Geen dure apparatuur",
        "Minder dure behandelingen",
    ]
    index = PhraseIndex(texts)
    assert not index.is_head(stem("dure"), "nl")
    assert index.is_head(stem("medicijnen"), "nl")
    assert stem("medicijnen") in index.content_words  # a phrase the texts use


def test_that_opens_a_clause() -> None:
    assert clauses("I think that a good consultation tool helps") == [
        "I think",
        "a good consultation tool helps",
    ]


def test_a_phrase_never_ends_on_a_number_word() -> None:
    index = PhraseIndex(["Eén manager minder betaalt twee verpleegkundigen"] * 3)
    assert not any(key.endswith(" twee") for key in index.content_words)
    assert "manager minder betaalt twee verpleegkundig" in index.content_words  # inside: yes
