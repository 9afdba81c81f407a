"""The phrases a collection of texts actually uses, as candidates for theme names.

A theme name should read like a title someone wrote ("autovrije zondag in de binnenstad",
"betaalbare huurwoningen"), so the candidates are contiguous runs of words taken from the
texts, never a bag of single words:

* texts are cut into clauses at punctuation (a phrase never spans "…, zodat …"), after a
  lead-in such as "Mijn voorstel:" or "Idea:" is removed;
* a candidate is 1 to ``MAX_PHRASE_WORDS`` consecutive words of a clause; it neither starts
  nor ends with a stop word (so "in de binnenstad" is trimmed to "binnenstad", while "zondag in
  de binnenstad" keeps its inner words), except that it may open with a quantity word
  ("minder administratie", "geen winstuitkering", "more housing"), which says what is asked;
* each text counts once per phrase (document frequency), so one long text cannot make its own
  words the name of a theme;
* a phrase keeps its most common spelling as written, with the capitals of names ("EU",
  "Seattle") and the accents people typed, but not a capital that only opens a sentence.

The words a whole consultation is about (:func:`ubiquitous_words`: "zorg" in a consultation on
health care, "city" and "county" in one about a city) name no theme; phrases holding one are
left out by the naming (:mod:`analysis.themes.naming`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.themes.text import DUTCH_STOP_WORDS, STOP_WORDS, fold_diacritics, join_words, words

MAX_PHRASE_WORDS = 6
MAX_CONTENT_WORDS = 4  # content words in a phrase: a title, not a sentence
# A phrase with the same content word next to it in this share of its uses is incomplete.
INCOMPLETE_SHARE = 0.7

# German function words (folded: "für" is "fur"): the dev conversations include a German one,
# and without them names open or close on "und", "auf", "zu".
_GERMAN_STOP_WORDS_TEXT = """
aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch auf
aus bei bin bis bist da damit dann das dass dem den denn der des dessen die dies diese diesem
diesen dieser dieses doch dort du durch ein eine einem einen einer eines einige er es etwas euch
fur gegen gibt hat hatte hatten habe haben hier hin hinter ich ihm ihn ihnen ihr ihre im in ins
ist jede jedem jeden jeder jedes jetzt kann konnen konnte machen man mehr mein meine mich mir mit
muss mussen nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so solche
soll sollen sollte sollten sondern sonst uber um und uns unser unsere unter viel vom von vor
wann war waren warum was weil welche wenn wer werden wie wieder will wir wird wo wurde wurden
zu zum zur zwar zwischen sowie bzw etc ganz schon immer wurde ja nein gut bitte weniger
z.b e.g i.e etc.
"""
GERMAN_STOP_WORDS = frozenset(_GERMAN_STOP_WORDS_TEXT.split())
# Prepositions, conjunctions, Dutch verb particles ("schaf … af"), number words and
# auxiliary verbs the lists above miss. A title never ends on
# one ("concurrentie tussen", "valt veel geld"), so they are stop words for naming: they may
# stand inside a name ("concurrentie tussen ziekenhuizen"), not at its edge.
_EDGE_WORDS_TEXT = """
tussen binnen buiten boven beneden naast tijdens vanaf sinds langs rond rondom achter voorbij
tegenover volgens vanwege dankzij ondanks behalve richting betreffende inzake omtrent jegens
zowel noch hetzij ofwel indien tenzij terwijl hoewel doordat zodra
af mee toe twee drie vier vijf zes zeven acht negen tien honderd duizend
zwei drei funf sechs sieben neun zehn hundert tausend
valt vallen blijft blijven lijkt lijken hoeft hoeven hoef wilt kunt zult moest konden mocht
versus vs despite regarding including unlike shall does did doing whether unless while
ab bevor nachdem seit sowohl weder wahrend wegen trotz laut gemass innerhalb ausserhalb
ware waren wurde wurden konnte durfen darf sei seien worden musste mussten sollte
"""
EDGE_WORDS = frozenset(_EDGE_WORDS_TEXT.split())
# Nouns on scikit-learn's English stop-word list: a name may end on them ("electoral system",
# "fire safety", "energy bill").
_NOUNS_ON_STOP_LIST = frozenset(
    {"system", "fire", "bill", "interest", "amount", "detail", "mill", "bottom", "front"}
)
NAME_STOP_WORDS = (STOP_WORDS - _NOUNS_ON_STOP_LIST) | GERMAN_STOP_WORDS | EDGE_WORDS
# Auxiliary and modal verbs (folded): a phrase with one inside is a clause ("waiting lists
# were far too long", "geld kan bespaard"), not a title.
_AUXILIARIES_TEXT = """
is are was were be been being am has have had will would shall should can could may might
must does did wordt worden werd werden is zijn was waren ben heeft hebben had hadden kan
kunnen kon konden moet moeten moest zal zullen zou zouden mag mogen wil willen valt blijft
ist sind war waren wird werden wurde wurden hat haben hatte kann konnen muss mussen soll
sollen sollte will wollen darf
"""
AUXILIARIES = frozenset(_AUXILIARIES_TEXT.split())
_SUBJECT_PRONOUNS = frozenset(
    {"ik", "jij", "je", "hij", "zij", "ze", "wij", "we", "i", "you", "he", "she", "they"}
    | {"ich", "du", "er", "sie", "wir", "ihr"}
)
# Dutch particles of a separable verb end its clause ("schaf de zorgverzekeraars af en maak").
_VERB_PARTICLES = frozenset({"af", "mee", "toe"})
# Articles that open a verb's object when a content word comes right before them. German
# "der", "des", "den", "dem" are left out: after a noun they are its genitive or dative
# ("Ausbau der Radwege").
_OBJECT_ARTICLES = frozenset({"de", "het", "een", "the", "a", "an", "das", "ein", "eine", "einen"})
# Markers of an infinitive ("te besparen", "zu verbrauchen"): a word after one is a verb.
_INFINITIVE_MARKERS = frozenset({"te", "zu", "to"})
# A share of a word's uses saying it is no head of a noun phrase: followed by a content word
# (a modifier: "eigen" in "eigen risico", "higher" in "higher taxes") or used as a verb.
NOT_A_HEAD_SHARE = 0.5
# Dutch past participles: "gestopt", "gebouwd" (not the nouns "gebied", "gewicht", "geduld").
# German needs no such rule: its nouns are capitalised (see PhraseIndex.is_head).
_PARTICIPLE = re.compile(r"^ge\w{3,}(?:t|d)$")
_NOT_PARTICIPLE = re.compile(r"(?:heid|ied|ald|eld|ild|and|ond|uld|ord|ard|cht|nst)$")

# Quantity words may open a name: "minder administratie" asks for something "administratie"
# alone does not. They are stop words everywhere else.
OPENING_QUANTITY_WORDS = frozenset(
    {
        "meer",
        "minder",
        "geen",
        "more",
        "less",
        "fewer",
        "no",
        "mehr",
        "weniger",
        "kein",
        "keine",
        "keinen",
    }
)

LANGUAGES = ("nl", "en", "de")
# Dutch, English and German texts use a few function words of their own in every ten words.
MIN_FUNCTION_WORD_SHARE = 0.05
# Words of one language's list only: "in", "is", "was" say nothing about the language.
_LANGUAGE_WORDS = {
    "nl": DUTCH_STOP_WORDS - ENGLISH_STOP_WORDS - GERMAN_STOP_WORDS,
    "en": frozenset(ENGLISH_STOP_WORDS) - DUTCH_STOP_WORDS - GERMAN_STOP_WORDS,
    "de": GERMAN_STOP_WORDS - DUTCH_STOP_WORDS - ENGLISH_STOP_WORDS,
}

# A lead-in that says "this is a proposal" ("Mijn voorstel:", "Idee -", "Idea:"), up to the
# colon or dash that ends it.
LEAD_IN = re.compile(
    r"^\s*(?:(?:mijn|ons|my|our|mein|unser)\s+)?"
    r"(?:voorstel|idee|suggestie|idea|proposal|suggestion|vorschlag|idee)\w*\s*[:\-–—]\s*",
    re.IGNORECASE,
)
# Clause boundaries: sentence ends, commas, semicolons, colons, brackets, quotes, dashes
# between spaces. A dot inside a token (asp.net, 2.5) is not one.
_CLAUSE_BREAK = re.compile(r"[.!?]+(?=\s|$)|[,;:()\[\]{}\"“”„«»!?…\n]|\s[-–—]\s|\s'|'\s")
# Words that open a new clause ("…afschaffen zodat mensen…", "…fietspaden, because…"): a
# phrase that spans one is two half-thoughts. Dutch "die" (relative) is left out: it is the
# German article.
_CLAUSE_WORDS = (
    r"zodat|omdat|voordat|nadat|totdat|want|maar|waardoor|waarmee|dat|"
    r"because|but|so that|that|which|since|although|whereas|"
    r"weil|damit|dass|aber|sondern|obwohl|"
    r"in plaats van|instead of|anstatt|statt"
)
_CLAUSE_WORD = re.compile(rf"\s(?:{_CLAUSE_WORDS})\s", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_NUMBER = re.compile(r"^[0-9][0-9.,\-']*$")


def is_stop(word: str) -> bool:
    """A function word (folded), a contraction of one ("it's", "don't"), a number or a letter."""
    if word in NAME_STOP_WORDS or _NUMBER.match(word):
        return True
    if "'" in word:
        head = word.split("'")[0]
        return head in NAME_STOP_WORDS or word.endswith("n't")
    return len(word) == 1 and word.isascii()


def clauses(text: str) -> list[str]:
    """The clauses of ``text``, without HTML, links or a proposal lead-in."""
    plain = _URL.sub(" ", html.unescape(_TAG.sub(" ", text or "")))
    plain = LEAD_IN.sub("", unicodedata.normalize("NFC", plain), count=1)
    pieces = (_CLAUSE_WORD.split(f" {c} ") for c in _CLAUSE_BREAK.split(plain))
    return [p.strip() for piece in pieces for p in piece if p.strip()]


@dataclass(frozen=True)
class _Clause:
    cased: list[str]  # the words as written
    stems: list[str]  # folded and stemmed (stop words folded only)
    stop: list[bool]


class PhraseIndex:
    """Which phrases each text uses, and how each phrase is usually spelled.

    ``phrases_of[i]`` is the set of candidate phrases of text ``i``: keys made of the stems of
    their words joined by spaces (stop words as they are), so that "belasting" and
    "belastingen", "tax" and "taxes" are one phrase. ``words_of[i]`` holds its content words
    (folded, not stemmed); ``content_words[key]`` the stems of a phrase's content words.
    How a phrase is written (:meth:`spelling`) and whether it is only half of a longer one
    (:meth:`is_incomplete`) are looked up when asked, for the few phrases that matter.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.phrases_of: list[frozenset[str]] = []
        self.words_of: list[frozenset[str]] = []
        # Per text: (language, word) of each function word it uses, counted.
        self.function_words_of: list[Counter[tuple[str, str]]] = []
        self.content_words: dict[str, tuple[str, ...]] = {}
        self._clauses_of: list[list[_Clause]] = []
        self._spelling: dict[str, str] = {}
        self._incomplete: dict[str, bool] = {}
        self._head: dict[str, bool] = {}
        # Each distinct token is folded, stemmed and looked up once: (folded, stem, is a stop
        # word, languages it is a function word of).
        self._tokens: dict[str, tuple[str, str, bool, tuple[str, ...]]] = {}
        for text in texts:
            self._add(text)

    @classmethod
    def build(cls, texts: Sequence[str]) -> PhraseIndex:
        return cls(texts)

    def _add(self, text: str) -> None:
        found: set[str] = set()
        content_found: set[str] = set()
        languages: Counter[tuple[str, str]] = Counter()
        parsed = []
        for clause in clauses(text):
            cased = words(clause)
            folded, stems, stop = [], [], []
            for token in cased:
                known = self._tokens.get(token)
                if known is None:
                    plain = fold_diacritics(token.lower())
                    is_function = is_stop(plain)
                    known = (
                        plain,
                        plain if is_function else stem(plain),
                        is_function,
                        tuple(lang for lang in LANGUAGES if plain in _LANGUAGE_WORDS[lang]),
                    )
                    self._tokens[token] = known
                folded.append(known[0])
                stems.append(known[1])
                stop.append(known[2])
                languages.update((language, known[0]) for language in known[3])
                if not known[2]:
                    content_found.add(known[0])
            parsed.append(_Clause(cased, stems, stop))
            found.update(self._phrases(folded, stems, stop))
        self.phrases_of.append(frozenset(found))
        self.words_of.append(frozenset(content_found))
        self.function_words_of.append(languages)
        self._clauses_of.append(parsed)

    def _phrases(self, folded: list[str], stems: list[str], stop: list[bool]) -> list[str]:
        """The candidate phrases of one clause (see the module doc)."""
        found = []
        for start in range(len(stems)):
            if stop[start] and folded[start] not in OPENING_QUANTITY_WORDS:
                continue
            inner: list[str] = []
            for end in range(start, min(start + MAX_PHRASE_WORDS, len(stems))):
                if stop[end]:
                    continue
                if stems[end] in inner:  # "wage wage"
                    break
                inner.append(stems[end])
                if len(inner) > MAX_CONTENT_WORDS:
                    break
                key = " ".join(stems[start : end + 1])
                if key not in self.content_words:
                    self.content_words[key] = tuple(inner)
                found.append(key)
        return found

    def _occurrences(self, key: str) -> list[tuple[_Clause, int, int]]:
        """Where ``key`` is written: (clause, start, end) in every text that uses it."""
        size = len(key.split())
        target = key.split()
        places = []
        for row, phrases in enumerate(self.phrases_of):
            if key not in phrases:
                continue
            for clause in self._clauses_of[row]:
                for start in range(len(clause.stems) - size + 1):
                    if clause.stems[start : start + size] == target:
                        places.append((clause, start, start + size))
        return places

    def spelling(self, key: str) -> str:
        """The most common way ``key`` was written (a capital that only opens a clause is
        dropped: "het", but "EU" and "UK")."""
        if key not in self._spelling:
            counts = Counter(
                _spelled(clause.cased[start:end], start == 0)
                for clause, start, end in self._occurrences(key)
            )
            self._spelling[key] = counts.most_common(1)[0][0] if counts else key
        return self._spelling[key]

    def is_incomplete(self, key: str) -> bool:
        """Whether ``key`` nearly always has the same content word right before or after it
        ("onderhandelen over de prijs van dure" + "medicijnen"): half of a longer phrase."""
        if key not in self._incomplete:
            places = self._occurrences(key)
            around: Counter[tuple[str, str]] = Counter()
            for clause, start, end in places:
                if start > 0 and not clause.stop[start - 1]:
                    around["<", clause.stems[start - 1]] += 1
                if end < len(clause.stems) and not clause.stop[end]:
                    around[">", clause.stems[end]] += 1
            self._incomplete[key] = bool(around) and (
                around.most_common(1)[0][1] >= INCOMPLETE_SHARE * len(places)
            )
        return self._incomplete[key]

    def is_head(self, key: str, language: str) -> bool:
        """Whether a phrase ends on the head of a noun phrase, as a title does: not on a
        modifier ("eigen", "higher", "current electoral": mostly followed by another content
        word; of several words, in English only), and a one-word phrase is no verb (a
        participle "gestopt", "voted"; after "te", "zu" or an auxiliary; in German, written
        without the capital every noun has)."""
        if (key, language) not in self._head:
            self._head[key, language] = self._judge_head(key, language)
        return self._head[key, language]

    def _judge_head(self, key: str, language: str) -> bool:
        places = self._occurrences(key)
        if not places:
            return True
        single = len(key.split()) == 1
        plain = fold_diacritics(places[0][0].cased[places[0][1]].lower())
        if single and _looks_like_participle(plain, language):
            return False
        # English "to" is mostly a preposition ("access to healthcare"): only auxiliaries.
        markers = AUXILIARIES if language == "en" else AUXILIARIES | _INFINITIVE_MARKERS
        inflected = single and language == "nl" and len(plain) > 3 and plain.endswith("e")
        modifier = verb = lowercase = 0
        for clause, start, end in places:
            # A Dutch or German noun is often followed by its verb at the clause's end
            # ("eigen risico afschaffen"): that last word does not make it a modifier.
            # Not so for a Dutch inflected adjective in -e ("dure medicijnen").
            last = end == len(clause.stems) - 1 and language != "en" and not inflected
            if end < len(clause.stems) and not clause.stop[end] and not last:
                modifier += 1
            if start > 0 and fold_diacritics(clause.cased[start - 1].lower()) in markers:
                verb += 1
            if end - 1 > 0 and clause.cased[end - 1][:1].islower():
                lowercase += 1
        limit = NOT_A_HEAD_SHARE * len(places)
        # A Dutch or German noun phrase is often followed by its verb ("eigen risico
        # afschaffen"): there only a single word is judged a modifier by what follows it.
        if (single or language == "en") and modifier > limit:
            return False
        if single and verb > limit:
            return False
        # German capitalises every noun: a phrase mostly ending on a word written in lower
        # case mid-sentence ends on a verb or an adjective ("verbrauchen", "gefordert").
        return not (language == "de" and lowercase > limit)

    def language(self, rows: Sequence[int] | None = None) -> str:
        """ "nl", "en" or "de": the language whose function words the texts use most; "en"
        when none is used (another language, or texts of single words)."""
        chosen = range(len(self.function_words_of)) if rows is None else rows
        counts: Counter[str] = Counter()
        distinct: dict[str, set[str]] = {}
        for row in chosen:
            for (language, word), n in self.function_words_of[row].items():
                counts[language] += n
                distinct.setdefault(language, set()).add(word)
        n_words = sum(len(clause.stems) for row in chosen for clause in self._clauses_of[row])
        # Texts in another language can contain one of these words ("Uber" is German "über"):
        # it takes several of them, and some share of all words, to be the language.
        for language, n in counts.most_common():
            if n >= MIN_FUNCTION_WORD_SHARE * n_words and len(distinct[language]) >= 2:
                return language
        return "en"


def is_clause(key: str) -> bool:
    """Whether a phrase (key) reads as a clause, not a title: an auxiliary, modal verb,
    Dutch verb particle or subject pronoun inside it ("waiting lists were far too long", "vind
    ik belangrijk"), an article right after a content word, which is a verb's object ("schaf
    de zorgverzekeraars", "fabrikant een eerlijke prijs", "leave the car"), or an infinitive
    at its end ("geld te besparen", "energie zu sparen")."""
    parts = key.split()
    for before, part in pairwise(parts[:-1]):  # each inner word, with the one before it
        if part in AUXILIARIES or part in _SUBJECT_PRONOUNS or part in _VERB_PARTICLES:
            return True
        if part in _OBJECT_ARTICLES and not is_stop(before):
            return True
    return len(parts) >= 3 and parts[-2] in ("te", "zu")


def _looks_like_participle(word: str, language: str) -> bool:
    """A Dutch past participle ("gestopt", "gebouwd") or an English verb form in -ed
    ("voted", "concerned"), by its form (folded word)."""
    if language == "nl":
        return bool(_PARTICIPLE.match(word)) and not _NOT_PARTICIPLE.search(word)
    if language == "en":
        return len(word) > 4 and word.endswith("ed") and not word.endswith(("eed", "hundred"))
    return False


def _spelled(cased: list[str], opens_clause: bool) -> str:
    """The phrase as written, but without the capital that only opens a clause ("het", but
    "EU", "UK" and "PV-Anlagen" as they are)."""
    first = cased[0]
    if opens_clause and first[1:] == first[1:].lower():
        first = first[:1].lower() + first[1:]
    return join_words([first, *cased[1:]])


def stem(word: str) -> str:
    """A crude stem for comparing words: plural and inflection endings of nl/en/de removed
    ("salarissen" and "salaris", "wages" and "wage", "autovrije" and "autovrij")."""
    for ending in ("en", "es", "s", "e", "n"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def ubiquitous_words(
    index: PhraseIndex, labels: np.ndarray, share: float = 0.2, concentration: float = 0.5
) -> frozenset[str]:
    """The consultation's own topic words (as stems): used by at least ``share`` of the
    texts, and spread over the themes (no theme holds ``concentration`` or more of their uses).

    The second condition keeps the words of one large theme ("eigen risico" when a third of
    the proposals are about it): they name that theme, while "zorg" in every theme names none.
    """
    n_texts = len(index.words_of)
    if n_texts < 10:  # too few texts to say a word is everywhere
        return frozenset()
    stems_of = [frozenset(stem(w) for w in ws) for ws in index.words_of]  # as in content_words
    df = Counter(w for ws in stems_of for w in ws)
    common = {w for w, n in df.items() if n >= share * n_texts}
    result = set()
    for word in common:
        themes = Counter(int(labels[i]) for i, ws in enumerate(stems_of) if word in ws)
        themes.pop(-1, None)
        if not themes or max(themes.values()) < concentration * df[word]:
            result.add(word)
    return frozenset(result)
