"""What the demo's simulated citizens write: proposals and free-text answers, per survey.

A survey's texts are a few *ideas* (proposals) and *themes* (free-text answers), each in several
wordings per language, so that near-duplicates read like different people saying the same thing
and the report's themes have something to find. Every idea is most often written by one latent
opinion group and judged by the others according to how close that group stands to theirs
(`SurveyTexts.affinity`); a few ideas unite everyone. The example surveys have their own texts
(`healthcare`, `climate`); any other survey gets civic texts that fit any consultation
(`generic`), in the survey's language. Everything is drawn from a seeded `random.Random`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from surveys.model import Survey

GROUPS = 4  # latent opinion groups; every text set describes four


@dataclass(frozen=True)
class Idea:
    """A proposal citizens make, in several wordings per language."""

    group: int  # the opinion group that most often writes it
    wordings: Mapping[str, tuple[str, ...]]  # language -> paraphrases
    unites: bool = False  # every group tends to agree


@dataclass(frozen=True)
class Theme:
    """Something citizens say in a free-text answer, in several wordings per language."""

    weights: tuple[float, ...]  # how likely each opinion group raises it
    wordings: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class SurveyTexts:
    """Everything simulated citizens write in one survey, and how their groups judge it."""

    ideas: tuple[Idea, ...]
    # affinity[author][judge]: how likely a member of group `judge` agrees with an idea that
    # group `author` writes (the diagonal is high; blocs of groups that think alike).
    affinity: tuple[tuple[float, ...], ...]
    # Free-text themes per step id; "*" for any other free-text step.
    answers: Mapping[str, tuple[Theme, ...]]
    # Which languages citizens write in, with their shares (only "nl" and "en": the bot's own
    # buttons exist in those, and the simulated citizens read them).
    languages: Mapping[str, float]
    # The organiser's seeded statements: statement id -> agree likelihood per group.
    statements: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    group_sizes: tuple[int, ...] = (3, 3, 3, 2)


# Some people start with a label or end with a word of emphasis; most just write the idea.
OPENINGS = {
    "nl": ("Mijn voorstel: ", "Idee: ", "Voorstel: ", "Ik zou zeggen: "),
    "en": ("My idea: ", "Proposal: ", "I think we should do this: ", "Idea: "),
}
CLOSINGS = {
    "nl": (". Dat zou echt helpen.", ". Graag snel!", ". Dat vind ik belangrijk."),
    "en": (". That would really help.", ". Please do it soon!", ". This matters to me."),
}
OPENING_SHARE, CLOSING_SHARE = 0.25, 0.15
# When a survey asks for longer texts than a wording has: one of these sentences is added.
ELABORATIONS = {
    "nl": (
        "Ik zie in mijn eigen omgeving elke dag waarom dit nodig is.",
        "Zo merken inwoners ook echt iets van het beleid.",
        "Dat is niet moeilijk en iedereen heeft er baat bij.",
    ),
    "en": (
        "I see every day in my own neighbourhood why this is needed.",
        "That way residents actually notice the policy.",
        "It is not hard to do and everybody benefits.",
    ),
}


def texts_for(survey: Survey) -> SurveyTexts:
    """The texts written for an example survey, or generic ones for any other."""
    from bot.demo_texts import climate, generic, healthcare  # data modules, loaded on demand

    known = {"zorg-bezuinigen": healthcare.TEXTS, "city-climate-budget": climate.TEXTS}
    texts = known.get(survey.id)
    if texts is not None and set(texts.languages) <= set(survey.languages):
        return texts
    return generic.texts_in(survey.languages)  # also for an example edited into other languages


def citizen_language(texts: SurveyTexts, rng: random.Random) -> str:
    languages = list(texts.languages)
    return rng.choices(languages, weights=[texts.languages[code] for code in languages])[0]


def leaning(texts: SurveyTexts, idea: Idea, group: int) -> float:
    """How likely a member of `group` agrees with `idea`."""
    return 0.85 if idea.unites else texts.affinity[idea.group][group]


def idea_of(texts: SurveyTexts, shown: str) -> Idea | None:
    """The idea a proposal text says, recognised by one of its wordings (openings, closings and
    capitals aside); None for a text no simulated citizen wrote."""
    folded = shown.casefold()
    for idea in texts.ideas:
        for wordings in idea.wordings.values():
            if any(wording.casefold() in folded for wording in wordings):
                return idea
    return None


def write_proposal(
    texts: SurveyTexts,
    group: int,
    language: str,
    rng: random.Random,
    min_length: int = 1,
    max_length: int = 10_000,
) -> str:
    """A proposal as a member of `group` would type it: mostly one of their own group's ideas."""
    written = [idea for idea in texts.ideas if language in idea.wordings]
    own = [idea for idea in written if idea.group == group]
    idea = rng.choice(own if own and rng.random() < 0.75 else written)
    wording = rng.choice(idea.wordings[language])
    opening = rng.choice(OPENINGS[language]) if rng.random() < OPENING_SHARE else ""
    closing = (
        rng.choice(CLOSINGS[language])
        if rng.random() < CLOSING_SHARE
        else rng.choice(("", ".", ".", "!"))
    )
    text = (opening + wording[0].lower() + wording[1:]) if opening else wording
    return fit(text + closing, wording, language, rng, min_length, max_length)


def write_answer(
    texts: SurveyTexts,
    step_id: str,
    group: int,
    language: str,
    rng: random.Random,
    max_length: int = 10_000,
) -> str:
    """A free-text answer to step `step_id` as a member of `group` would type it."""
    themes = [
        theme
        for theme in texts.answers.get(step_id, texts.answers["*"])
        if language in theme.wordings
    ]
    theme = rng.choices(themes, weights=[theme.weights[group] for theme in themes])[0]
    wording = rng.choice(theme.wordings[language])
    return fit(wording, wording, language, rng, 1, max_length)


def fit(
    text: str, plain: str, language: str, rng: random.Random, min_length: int, max_length: int
) -> str:
    """`text` within the survey's length limits: the plain wording when the decorated one is too
    long, cut at a word when that is too, lengthened with a sentence when it is too short."""
    if len(text) > max_length:
        text = plain if len(plain) <= max_length else _cut(plain, max_length)
    while len(text) < min_length:
        text = f"{text.rstrip('.!')}. {rng.choice(ELABORATIONS[language])}"
    return text if len(text) <= max_length else _cut(text, max_length)


def _cut(text: str, max_length: int) -> str:
    cut = text[:max_length]
    return cut.rsplit(" ", 1)[0] if " " in cut[1:] else cut


def wordings_in(themes: Sequence[Theme] | Sequence[Idea], language: str) -> list[str]:
    """Every wording in `language` (for tests and for checking the pools)."""
    return [wording for item in themes for wording in item.wordings.get(language, ())]
