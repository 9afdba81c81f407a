"""Normalisation and tokens for scripts other than Latin: marks kept, unspaced scripts cut."""

import random

import numpy as np
from sklearn.metrics import adjusted_rand_score

from analysis.themes.model import ThemeModel
from analysis.themes.similar import most_similar
from analysis.themes.text import content_words, fold_diacritics, join_words, normalise


def test_diacritics_fold_on_latin_greek_cyrillic_only() -> None:
    assert fold_diacritics("Één café, naïve ﬁets") == "Een cafe, naive fiets"
    assert fold_diacritics("Ελλάδα йога") == "Ελλαδα иога"
    for spelled_with_marks in ("ดีมาก", "नमस्ते", "がんばって"):  # Thai, Hindi, Japanese
        assert fold_diacritics(spelled_with_marks) == spelled_with_marks


def test_words_of_scripts_with_marks_stay_whole() -> None:
    assert content_words(normalise("नमस्ते भारत")) == ["नमस्ते", "भारत"]
    assert content_words(normalise("العربية جميلة")) == ["العربية", "جميلة"]
    # Beyond the first 65,536 code points too (Brahmi, Chakma: marks in plane 1).
    assert content_words(normalise("𑀓𑀸𑀫 𑄇𑄧𑄟𑄴")) == ["𑀓𑀸𑀫", "𑄇𑄧𑄟𑄴"]


def test_unspaced_scripts_become_overlapping_pairs() -> None:
    assert content_words(normalise("我覺得Uber提供計程車")) == [
        "覺得", "uber", "提供", "供計", "計程", "程車"]  # 我 "I" is a function character
    # Pairs with a function character (了 "done", 的 "of") straddle words or are grammar.
    assert content_words(normalise("提供了便利的服務")) == ["提供", "便利", "服務"]
    assert content_words(normalise("車")) == ["車"]  # one character is a word, not a letter
    assert content_words(normalise("ดีมาก")) == ["ดีม", "มา", "าก"]  # ดี is one character
    assert join_words(["計程", "程車"]) == "計程車"
    assert join_words(["計程", "車司"]) == "計程 車司"
    assert join_words(["fiets", "pad"]) == "fiets pad"


TOPICS = {  # taxis; passenger insurance; ride-hailing apps
    "taxi": (["計程車司機", "計程車", "計程車費率"],
             ["我覺得{}應該改善", "政府要管理{}", "{}太貴了", "希望{}更安全", "我常常搭{}"]),
    "insurance": (["乘客保險", "保險理賠", "意外保險"],
                  ["{}一定要有", "沒有{}很危險", "請規定{}", "{}保障乘客", "我擔心{}不夠"]),
    "apps": (["手機叫車", "叫車軟體", "線上評分"],
             ["{}很方便", "我喜歡{}", "{}可以改善服務", "大家都用{}", "{}讓司機更好"]),
}


def test_a_chinese_consultation_gets_themes_with_readable_labels() -> None:
    rng = random.Random(0)
    rows = [(rng.choice(templates).format(rng.choice(words)), topic)
            for topic, (words, templates) in TOPICS.items() for _ in range(30)]
    rng.shuffle(rows)
    texts, topics = [t for t, _ in rows], [t for _, t in rows]
    model = ThemeModel(random_state=0).fit(texts)
    inside = model.labels_ >= 0
    assert inside.mean() > 0.9  # one clause per "word" sent nearly everything to "other"
    assert adjusted_rand_score(np.array(topics)[inside], model.labels_[inside]) > 0.8
    labels = " ".join(theme.label for theme in model.themes_)
    assert any(word in labels for word in ("計程車", "保險", "叫車"))


def test_near_duplicates_in_an_unspaced_script() -> None:
    candidates = ["計程車太貴了!", "保險很重要", "計程車司機很好"]
    assert [i for i, _ in most_similar("我覺得計程車太貴了", candidates)] == [0]


def test_genre_words_of_a_consultation_are_not_content() -> None:
    # Words that only say "this is a proposal" name no theme ...
    assert content_words(normalise("Mijn voorstel: het basispakket kleiner")) == [
        "basispakket", "kleiner"]
    assert content_words(normalise("Idee: ideeën voor een kleiner basispakket")) == [
        "kleiner", "basispakket"]
    assert content_words(normalise("Ik stel voor: minder eigen risico")) == ["eigen", "risico"]
    assert content_words(normalise("I suggest more bike lanes")) == ["bike", "lanes"]
    assert content_words(normalise("My proposal - plant more trees")) == ["plant", "trees"]
    assert content_words(normalise("Idea: lower taxes")) == ["lower", "taxes"]
    # ... but compounds, and English nouns inside a topic, stay.
    assert content_words(normalise("Trek het wetsvoorstel in")) == ["trek", "wetsvoorstel"]
    assert content_words(normalise("Research proposal writing tips")) == [
        "research", "proposal", "writing", "tips"]
    assert content_words(normalise("Gift ideas for teachers")) == ["gift", "ideas", "teachers"]


def test_prepositions_of_several_words_are_not_content() -> None:
    assert content_words(normalise("Zorgverleners beslissen in plaats van verzekeraars")) == [
        "zorgverleners", "beslissen", "verzekeraars"]
    # The noun on its own keeps its meaning.
    assert content_words(normalise("Een plaats voor de markt")) == ["plaats", "markt"]
