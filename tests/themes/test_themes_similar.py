"""Near-duplicate detection and the shared text normalisation."""

import random

from analysis.themes.similar import SimilarityIndex, most_similar, near_duplicate_pairs
from analysis.themes.text import CompoundSplitter, content_words, normalise

CANDIDATES = [
    "Lagere belasting voor kleine ondernemers",
    "Meer fietspaden in de binnenstad",
    "Betere straatverlichting in het park",
    "Plant more trees in the city parks",
    "Gratis openbaar vervoer voor ouderen",
]


def test_normalise_strips_html_urls_and_folds_diacritics() -> None:
    text = "<p>Eén café&amp;terras!</p> zie https://example.org/x?a=1 of www.gemeente.nl"
    assert normalise(text) == "een cafe&terras! zie of"


def test_content_words_keep_technical_tokens_and_drop_stop_words() -> None:
    tokens = content_words(normalise("How do I use C# and .NET in ASP.NET, or C++ in 2010?"))
    assert tokens == ["use", "c#", ".net", "asp.net", "c++"]
    assert content_words(normalise("Wij willen meer bomen in de wijk")) == ["bomen", "wijk"]


def test_compound_splitter_uses_parts_seen_in_the_collection() -> None:
    collection = [["fiets", "pad"], ["fiets", "stalling"], ["fietsenstalling"]]
    splitter = CompoundSplitter(min_count=1).fit(collection)
    assert splitter.parts("fietsenstalling") == ("fiets", "stalling")
    assert splitter.parts("binnenstad") == ()
    assert splitter.expand(["fietsenstalling"]) == ["fietsenstalling", "fiets", "stalling"]


def test_typo_is_a_near_duplicate() -> None:
    result = most_similar("Meer fietspaden in de binnestad", CANDIDATES)
    assert result[0][0] == 1
    assert result[0][1] > 0.7


def test_word_order_case_and_diacritics_do_not_matter() -> None:
    assert most_similar("IN DE BINNENSTAD MEER FIETSPADEN", CANDIDATES)[0] == (1, 1.0)
    assert most_similar("Één café per wijk", ["Een cafe per wijk"])[0] == (0, 1.0)


def test_english_rewording_is_found() -> None:
    result = most_similar("We should plant more trees in our parks", CANDIDATES)
    assert result and result[0][0] == 3


def test_unrelated_text_is_not_similar() -> None:
    assert most_similar("Verbied vuurwerk tijdens oud en nieuw", CANDIDATES) == []
    assert most_similar("Lower taxes for the airport", ["Plant more trees"]) == []


def test_limit_order_and_empty_inputs() -> None:
    candidates = ["fietspad langs de dijk", "fietspaden langs de dijk", "een fietspad bij de dijk"]
    result = most_similar("fietspad langs de dijk", candidates, limit=2, min_similarity=0.0)
    assert len(result) == 2
    assert result[0] == (0, 1.0)
    assert result[0][1] >= result[1][1]
    assert most_similar("iets", []) == []
    assert most_similar("", CANDIDATES) == []


def test_index_gives_the_same_scores_as_the_function() -> None:
    index = SimilarityIndex(CANDIDATES)
    assert index.most_similar("fietspaden binnenstad") == most_similar(
        "fietspaden binnenstad", CANDIDATES
    )


def test_scores_do_not_depend_on_the_other_candidates() -> None:
    alone = most_similar("meer fietspaden", ["Meer fietspaden in de binnenstad"])[0][1]
    among = most_similar("meer fietspaden", CANDIDATES)[0][1]
    assert alone == among


def test_near_duplicate_pairs_in_a_collection() -> None:
    texts = [*CANDIDATES, "meer fietspaden binnenstad!", "Plant more trees in city parks please"]
    pairs = near_duplicate_pairs(texts, threshold=0.7)
    assert {(i, j) for i, j, _ in pairs} == {(1, 5), (3, 6)}
    assert all(i < j and s >= 0.7 for i, j, s in pairs)


def test_near_duplicate_pairs_across_blocks() -> None:
    rng = random.Random(7)
    vocabulary = [f"woord{n}" for n in range(400)]
    texts = [" ".join(rng.sample(vocabulary, 6)) for _ in range(2500)]
    texts[2400] = texts[5].upper()  # the duplicate sits in a later block than its original
    pairs = near_duplicate_pairs(texts, threshold=0.95)
    assert (5, 2400, 1.0) in pairs


def test_an_extended_index_answers_as_a_fresh_one() -> None:
    first = ["Meer bomen in de wijk", "Gratis parkeren voor bewoners", "Een nieuwe speeltuin"]
    later = [*first, "Meer groen en bomen in onze wijk", "Parkeren gratis maken voor bewoners"]
    extended = SimilarityIndex(first).extended(later)
    fresh = SimilarityIndex(later)
    for query in ("bomen in de wijk", "gratis parkeren", "speeltuin"):
        assert extended.most_similar(query, limit=5, min_similarity=0.0) == \
            fresh.most_similar(query, limit=5, min_similarity=0.0)
    assert extended.candidates == tuple(later)
    # Not a continuation (an item removed or reordered): built anew, still right.
    reordered = SimilarityIndex(later).extended(list(reversed(later)))
    assert reordered.most_similar("speeltuin", limit=1) == \
        SimilarityIndex(list(reversed(later))).most_similar("speeltuin", limit=1)
