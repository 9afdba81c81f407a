"""A theme's name and description: a phrase its texts use, and what they ask for.

The name of a group of texts is the candidate phrase (:mod:`analysis.themes.phrases`) with
the best

    coverage² × distinctiveness × length bonus

where *coverage* is the share of the group's texts that use the phrase (a name should say
what many of them are about), *distinctiveness* is the share of the texts using it, in the
reference set (the whole consultation for a theme, the parent theme for a sub-theme), that
are in the group (what sets it apart from its neighbours), and the length bonus prefers
"autovrije zondag" to "zondag" when nearly as many texts use the longer phrase. Phrases
holding one of the consultation's own topic words (:func:`phrases.ubiquitous_words`) are not
candidates, and neither are words too vague to name anything on their own (``WEAK_WORDS``:
"need", "people", "nieuwe").

Two names are *near-identical* when the (crudely stemmed) content words of one contain the
other's, or they share at least half of them: "autovrije zondag" and "autovrije zondag in de
binnenstad" are one topic named twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.themes.phrases import LEAD_IN, PhraseIndex, is_clause, stem

# Bonus per content word beyond the first (up to 3): a longer phrase must be used by at least
# 1/(1 + bonus) as many texts as a shorter one to win.
LENGTH_BONUS = 0.6
# Coverage counts twice: a name says what most of the theme is about ("belasting", in 10 of
# 12 texts) before it says something longer about half of it ("volgend jaar", in 6).
COVERAGE_POWER = 2
MAX_BONUS_WORDS = 3
NEAR_IDENTICAL_OVERLAP = 0.5
# A single word as the best name is replaced by one of the EXTENSION_CANDIDATES best phrases
# around it when that phrase is used by at least EXTEND_SHARE of the texts using the word.
EXTEND_SHARE = 0.5
EXTENSION_CANDIDATES = 60
# A name is two phrases ("bike lanes and trees") when its first phrase is used by less than
# this share of the theme, and the second by at least SECOND_PHRASE_COVERS of the rest (one
# of the SECOND_PHRASE_CANDIDATES best, with at most MAX_NAME_CONTENT_WORDS words in all).
SECOND_PHRASE_BELOW = 0.5
SECOND_PHRASE_COVERS = 0.5
SECOND_PHRASE_CANDIDATES = 20
MAX_NAME_CONTENT_WORDS = 4
# A phrase used this often as part of a longer phrase with a topic word is not a candidate.
FRAGMENT_SHARE = 0.6
# A sub-theme's name is distinctive within its parent, and also at least this share of the
# texts using it (in the whole consultation) are in the sub-theme: not a remark that closes
# proposals on every theme ("dat scheelt veel geld").
MIN_OVERALL_DISTINCTIVENESS = 0.3
# Score factor of a phrase that is nearly always part of a longer one (is_incomplete).
INCOMPLETE_PENALTY = 0.5
# Score factors of a name that is no noun phrase: a lone modifier or verb ("Eigen", "Higher",
# "Gestopt", "Verbrauchen"; PhraseIndex.is_head), or a clause ("Valt veel geld te besparen";
# is_clause). Strong enough that a noun phrase used by a third as many texts wins.
NOT_A_HEAD_PENALTY = 0.1
CLAUSE_PENALTY = 0.1
# Words that say too little to be a name alone (they may be part of one: "new housing").
_WEAK_WORDS_TEXT = """
need needs needed new people make making made stop think good better best like want way use used
going get got really just lot lots thing things time times able important issue issues problem
problems help year years important also many much well sure bad
nodig nieuw nieuwe mensen maken goed goede beter betere zorgen probleem problemen belangrijk
manier tijd jaar jaren keer ding dingen zaken vinden denk vind moeten stoppen
neu neue neuen menschen machen gut besser wichtig problem probleme jahr jahre zeit
"""
WEAK_WORDS = frozenset(_WEAK_WORDS_TEXT.split())
_WEAK_STEMS = frozenset(stem(word) for word in WEAK_WORDS)  # as phrase keys spell them
# Only this many best candidates are checked for being half of a longer phrase (a look-up
# in the texts, too slow for all of them).
INCOMPLETE_CHECKED = 30
KEY_PHRASES = 3
DESCRIPTION_QUOTE_CHARACTERS = 140

CONJUNCTION = {"nl": "en", "en": "and", "de": "und"}
_DESCRIPTION = {
    "nl": ("Vaak genoemd: {phrases}.", "Typerend: “{quote}”"),
    "en": ("Often mentioned: {phrases}.", "Typical: “{quote}”"),
    "de": ("Oft genannt: {phrases}.", "Typisch: „{quote}“"),
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_SPACES = re.compile(r"\s+")


def near_identical(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two names (as stemmed content words) name the same thing."""
    if not first or not second:
        return False
    if first <= second or second <= first:
        return True
    return len(first & second) / len(first | second) >= NEAR_IDENTICAL_OVERLAP


@dataclass(frozen=True)
class Name:
    text: str  # as shown: a capitalised phrase, or two joined by "en"/"and"
    phrases: tuple[str, ...]  # the phrase keys it is made of
    words: frozenset[str]  # stemmed content words, for near_identical
    key_phrases: tuple[str, ...]  # the group's most telling phrases as written, name first


class Namer:
    """Names groups of texts, never with a ``ubiquitous`` word.

    ``index`` holds the texts of ``rows`` (default: rows 0, 1, 2, …): with many texts, a
    sample of them (see :func:`analysis.themes.tree.naming_sample`). Groups are given as rows;
    those outside the sample are left out of the counts.
    """

    def __init__(
        self,
        index: PhraseIndex,
        ubiquitous: Iterable[str],
        language: str,
        rows: Sequence[int] | None = None,
    ) -> None:
        self.index = index
        self.ubiquitous = frozenset(ubiquitous)
        self.language = language if language in CONJUNCTION else "en"
        self._position = None if rows is None else {int(r): i for i, r in enumerate(rows)}
        self._document_frequency = self._count(range(len(index.phrases_of)))
        # The tree asks for the same names again and again (a theme, then its siblings).
        self._names: dict[tuple, Name | None] = {}
        self._languages: dict[str, str] = {}

    def _positions(self, rows: Sequence[int]) -> list[int]:
        if self._position is None:
            return list(rows)
        return [self._position[r] for r in rows if r in self._position]

    def _count(self, rows: Iterable[int]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for row in rows:
            counts.update(self.index.phrases_of[row])
        return counts

    def _words(self, phrase: str) -> frozenset[str]:
        return frozenset(self.index.content_words[phrase])

    def ranked(
        self, members: Sequence[int], context: Sequence[int] | None = None
    ) -> list[tuple[float, str, float]]:
        """Candidate phrases of ``members`` with their scores, best first; distinctiveness is
        measured against ``context`` (default: all texts). The third value of each is the
        distinctiveness in the whole consultation."""
        members = self._positions(members)
        if not members:
            return []
        inside = self._count(members)
        reference = (
            self._document_frequency if context is None else self._count(self._positions(context))
        )
        least = 2 if len(members) >= 2 else 1
        fragments = self._fragments(inside)
        scored = []
        for phrase, uses in inside.items():
            if uses < least or self._has_topic_word(phrase):
                continue
            if len(self.index.content_words[phrase]) == 1 and phrase in _WEAK_STEMS:
                continue
            if fragments.get(phrase, 0) >= FRAGMENT_SHARE * uses:
                continue
            length = min(len(self.index.content_words[phrase]), MAX_BONUS_WORDS)
            score = (uses / len(members)) ** COVERAGE_POWER * (uses / reference[phrase])
            overall = uses / self._document_frequency[phrase]
            if context is not None:  # a sub-theme: also not a phrase of every theme
                if overall < MIN_OVERALL_DISTINCTIVENESS:
                    continue
                score *= np.sqrt(overall)
            scored.append((score * (1 + LENGTH_BONUS * (length - 1)), phrase, overall))
        scored.sort(key=_best_first)
        checked = [
            (score * self._form_factor(phrase), phrase, o)
            for score, phrase, o in scored[:INCOMPLETE_CHECKED]
        ]
        return sorted(checked + scored[INCOMPLETE_CHECKED:], key=_best_first)

    def _form_factor(self, phrase: str) -> float:
        """How much a phrase's form suits a title: 1 for a complete noun phrase, less for half
        of a longer phrase, a lone modifier or verb, or a clause."""
        factor = INCOMPLETE_PENALTY if self.index.is_incomplete(phrase) else 1.0
        if not self.index.is_head(phrase, self.language):
            factor *= NOT_A_HEAD_PENALTY
        if is_clause(phrase):
            factor *= CLAUSE_PENALTY
        return factor

    def _has_topic_word(self, phrase: str) -> bool:
        return not self.ubiquitous.isdisjoint(self.index.content_words[phrase])

    def _fragments(self, inside: Counter[str]) -> dict[str, int]:
        """For phrases that a topic word right next to them extends ("minimum" in "minimum
        wage" when "wage" is everywhere), how many texts use that extension. Mostly used
        inside it, such a phrase is half of the consultation's own topic, not a name."""
        fragments: dict[str, int] = {}
        for phrase, uses in inside.items():
            if not self._has_topic_word(phrase):
                continue
            words = phrase.split()
            if len(words) < 2:
                continue
            for topic_word, part in ((words[0], words[1:]), (words[-1], words[:-1])):
                key = " ".join(part)
                # Only what is left a candidate itself (no stop word at its edge) is one.
                if topic_word in self.ubiquitous and key in self.index.content_words:
                    fragments[key] = max(fragments.get(key, 0), uses)
        return fragments

    def name(
        self,
        members: Sequence[int],
        context: Sequence[int] | None = None,
        taken: Sequence[frozenset[str]] = (),
        extend: bool = True,
    ) -> Name | None:
        """The best name of ``members`` not near-identical to a ``taken`` one (None: none).

        ``extend=False`` keeps a single word as it is: the umbrella name of a theme with
        sub-themes ("Binnenstad" above "Autovrije zondag" and "Wijkwarmtenet") rather than
        the phrase of one of them.
        """
        key = (
            tuple(members),
            None if context is None else tuple(context),
            tuple(taken),
            extend,
        )
        if key not in self._names:
            self._names[key] = self._name(members, context, taken, extend)
        return self._names[key]

    def _name(
        self,
        members: Sequence[int],
        context: Sequence[int] | None,
        taken: Sequence[frozenset[str]],
        extend: bool,
    ) -> Name | None:
        ranked = self.ranked(members, context)
        overall = {phrase: value for _, phrase, value in ranked}
        free = [
            phrase
            for _, phrase, _ in ranked
            if not any(near_identical(self._words(phrase), t) for t in taken)
        ]
        if not free:
            return None
        positions = self._positions(members)
        first = self._first_phrase(free, positions, extend)
        if first is None:
            return None
        chosen = [first, *self._second_phrase(first, free, positions)]
        words = frozenset().union(*(self._words(p) for p in chosen))
        shown = [self.index.spelling(p) for p in chosen]
        text = f" {CONJUNCTION[self.language]} ".join(shown)
        return Name(
            text=text[:1].upper() + text[1:],
            phrases=tuple(chosen),
            words=words,
            key_phrases=tuple(self._key_phrases(chosen, free, overall)),
        )

    def language_of(self, phrase: str) -> str:
        """The language of the texts that use ``phrase`` ("vuurwerk": nl, "fireworks": en)."""
        if phrase not in self._languages:
            rows = [row for row, found in enumerate(self.index.phrases_of) if phrase in found]
            self._languages[phrase] = self.index.language(rows)
        return self._languages[phrase]

    def same_language(self, first: Name, second: Name) -> bool:
        """Whether two names are in one language: a title joins no translation of itself
        ("Fireworks and vuurwerk")."""
        return self.language_of(first.phrases[0]) == self.language_of(second.phrases[0])

    def joined(self, first: Name, second: Name) -> Name:
        """One name for two things: "Autovrije zondag en wijkwarmtenet"."""
        text = (
            f"{first.text} {CONJUNCTION[self.language]} {second.text[:1].lower()}{second.text[1:]}"
        )
        return Name(
            text=text,
            phrases=first.phrases + second.phrases,
            words=first.words | second.words,
            key_phrases=first.key_phrases[:1] + second.key_phrases[:1],
        )

    def _first_phrase(self, free: list[str], members: list[int], extend: bool) -> str | None:
        """The best phrase (grown around a single word when ``extend``) that can be a title: a
        single word only when it heads a noun phrase. None when none of the best can: a
        group whose only shared word is "eigen" or "gestopt" has no name (it is shown by a
        quote instead)."""
        for phrase in free[:EXTENSION_CANDIDATES]:
            first = self._extended(phrase, free, members) if extend else phrase
            if len(self._words(first)) > 1 or self.index.is_head(first, self.language):
                return first
        return None

    def _extended(self, first: str, free: list[str], members: list[int]) -> str:
        """``first``, or when it is a single word, the best phrase around it that at least
        ``EXTEND_SHARE`` of its users write: "proportional representation" rather than
        "proportional", "higher prices" rather than "higher"."""
        if len(self._words(first)) != 1:
            return first
        users = sum(first in self.index.phrases_of[row] for row in members)
        for phrase in free[1:EXTENSION_CANDIDATES]:
            if f" {first} " not in f" {phrase} " or len(self._words(phrase)) < 2:
                continue
            if is_clause(phrase):  # "geld", not "geld te besparen"
                continue
            if sum(phrase in self.index.phrases_of[row] for row in members) >= EXTEND_SHARE * users:
                return phrase
        return first

    def _second_phrase(self, first: str, free: list[str], members: list[int]) -> list[str]:
        """A second phrase for a theme of two halves ("bike lanes and tree planting"): when
        ``first`` is used by less than half of the members, one about something else used by
        at least half of the rest; none otherwise. Both of several words: two single words
        ("leave and voted") make no title."""
        rest = [row for row in members if first not in self.index.phrases_of[row]]
        if len(rest) < SECOND_PHRASE_BELOW * len(members) or len(self._words(first)) < 2:
            return []
        for phrase in free[1:SECOND_PHRASE_CANDIDATES]:
            words = self._words(phrase)
            if len(words) < 2:  # two single words ("leave and voted") make no title
                continue
            if not words.isdisjoint(self._words(first)):
                continue
            if self.language_of(phrase) != self.language_of(first):
                continue
            if len(words | self._words(first)) > MAX_NAME_CONTENT_WORDS:
                continue
            uses = sum(phrase in self.index.phrases_of[row] for row in rest)
            if uses >= max(2, SECOND_PHRASE_COVERS * len(rest)):
                return [phrase]
        return []

    def _key_phrases(
        self, chosen: list[str], free: list[str], overall: dict[str, float]
    ) -> list[str]:
        """The name's phrases, then other telling phrases that repeat none of their words and
        are not said all over the consultation."""
        keys = list(chosen)
        used = frozenset().union(*(self._words(p) for p in chosen))
        for phrase in free:
            if len(keys) >= KEY_PHRASES:
                break
            words = self._words(phrase)
            if words.isdisjoint(used) and overall[phrase] >= MIN_OVERALL_DISTINCTIVENESS:
                keys.append(phrase)
                used |= words
        return [self.index.spelling(p) for p in keys]

    def describe(self, key_phrases: Sequence[str], central_text: str) -> str:
        """A short description: the theme's telling phrases (other than its name, which
        ``key_phrases`` may open with) and its most typical text."""
        mentioned, typical = _DESCRIPTION[self.language]
        parts = []
        if key_phrases:
            conjunction = CONJUNCTION[self.language]
            listed = (
                key_phrases[0]
                if len(key_phrases) == 1
                else ", ".join(key_phrases[:-1]) + f" {conjunction} " + key_phrases[-1]
            )
            parts.append(mentioned.format(phrases=listed))
        quote = shorten(central_text)
        if quote:
            parts.append(typical.format(quote=quote))
        return " ".join(parts)


def _best_first(candidate: tuple[float, str, float]) -> tuple[float, int, str]:
    """Highest score first; of equal scores the longer phrase, which is the more complete
    ("waiting lists were far too long", not "waiting lists were far"), then alphabetical."""
    score, phrase, _ = candidate
    return -score, -len(phrase), phrase


def shorten(text: str, limit: int = DESCRIPTION_QUOTE_CHARACTERS) -> str:
    """The first sentence of ``text`` (without a "Mijn voorstel:" lead-in), cut at a word
    boundary to at most ``limit`` characters."""
    plain = _SPACES.sub(" ", LEAD_IN.sub("", text or "", count=1)).strip()
    first = _SENTENCE_END.split(plain, maxsplit=1)[0]
    if len(first) <= limit:
        return first[:1].upper() + first[1:]
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut[:1].upper() + cut[1:] + "…"
