"""The demo citizens' texts: in the survey's language, recognisable, within the survey's limits,
and judged by opinion group."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

import pytest

from bot.demo import EXAMPLES
from bot.demo_citizens import Guide, Profile
from bot.demo_texts import (
    climate,
    generic,
    healthcare,
    idea_of,
    texts_for,
    write_answer,
    write_proposal,
)
from surveys.model import FreeTextStep
from surveys.surveyfile import load_survey

HEALTHCARE = load_survey(EXAMPLES / "zorg-bezuinigen.yaml")
CLIMATE = load_survey(EXAMPLES / "city-climate-budget.yaml")
TEXT_SETS = {"healthcare": healthcare.TEXTS, "climate": climate.TEXTS,
             "generic": generic.texts_in(("nl", "en"))}


@pytest.mark.parametrize("name", TEXT_SETS)
def test_every_wording_is_recognised_as_its_own_idea(name: str) -> None:
    texts = TEXT_SETS[name]
    for idea in texts.ideas:
        for language, wordings in idea.wordings.items():
            assert len(wordings) >= 2, (language, wordings)  # paraphrases, not one text
            for wording in wordings:
                assert idea_of(texts, wording) is idea, wording
                decorated = f"Mijn idee: {wording[0].lower()}{wording[1:]}. Graag snel!"
                assert idea_of(texts, decorated) is idea, decorated


def test_the_examples_get_their_own_texts_in_their_languages() -> None:
    assert texts_for(HEALTHCARE) is healthcare.TEXTS
    assert texts_for(CLIMATE) is climate.TEXTS
    assert healthcare.TEXTS.languages == {"nl": 1.0}  # the Dutch demo: Dutch citizens
    assert climate.TEXTS.languages["en"] > climate.TEXTS.languages["nl"] > 0
    for texts, survey in ((healthcare.TEXTS, HEALTHCARE), (climate.TEXTS, CLIMATE)):
        assert set(texts.statements) == {statement.id for statement in survey.statements}
        free_text = {step.id for step in survey.steps if isinstance(step, FreeTextStep)}
        assert set(texts.answers) - {"*"} == free_text
        for idea in texts.ideas:
            assert set(idea.wordings) == set(texts.languages)


@pytest.mark.parametrize(("languages", "expected"), [
    (("nl",), {"nl": 1.0}),
    (("en", "nl"), {"en": 0.85, "nl": 0.15}),
    (("de", "en", "tr"), {"en": 1.0}),  # the citizens read the bot's languages only
])
def test_any_other_survey_gets_generic_texts_in_its_language(
    languages: tuple[str, ...], expected: dict[str, float]
) -> None:
    assert generic.texts_in(languages).languages == expected


def test_most_climate_citizens_write_english_and_some_dutch() -> None:
    guide, rng = Guide(CLIMATE), random.Random(1)
    profiles = [Profile.draw(n, rng, guide) for n in range(400)]
    by_language = Counter(profile.language for profile in profiles)
    assert 0.7 < by_language["en"] / 400 < 0.9
    dutch = next(profile for profile in profiles if profile.language == "nl")
    english = next(profile for profile in profiles if profile.language == "en")
    for profile, other in ((dutch, "en"), (english, "nl")):
        text = profile.proposal_text(None)
        idea = idea_of(climate.TEXTS, text)
        assert idea is not None
        assert not any(wording.casefold() in text.casefold() for wording in idea.wordings[other])


@pytest.mark.parametrize(("shortest", "longest"), [(1, 300), (70, 140), (5, 20), (200, 260)])
def test_texts_keep_within_the_surveys_length_limits(shortest: int, longest: int) -> None:
    rng = random.Random(7)
    for texts in TEXT_SETS.values():
        for language in texts.languages:
            for group in range(4):
                proposal = write_proposal(texts, group, language, rng, shortest, longest)
                assert shortest <= len(proposal) <= longest, proposal
                answer = write_answer(texts, "*", group, language, rng, longest)
                assert 1 <= len(answer) <= longest, answer


def test_the_same_seed_writes_the_same_texts() -> None:
    def written(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [write_proposal(climate.TEXTS, n % 4, "en", rng) for n in range(20)]

    assert written(5) == written(5)
    assert written(5) != written(6)


def agree_share(guide: Guide, group: int, text: str) -> float:
    profile = Profile.draw(1, random.Random(group), guide)
    profile.group = group
    stances = Counter(profile.stance(text) for _ in range(400))
    return stances["agree"] / 400


def test_votes_follow_the_opinion_groups() -> None:
    guide = Guide(HEALTHCARE)
    public_idea = "Mijn voorstel: marktwerking uit de zorg halen!"  # group 2 (public healthcare)
    assert agree_share(guide, healthcare.PUBLIC, public_idea) > 0.75
    assert agree_share(guide, healthcare.SCEPTIC, public_idea) < 0.2
    uniting = "Strenger onderhandelen over de prijs van dure medicijnen"
    for group in range(4):
        assert agree_share(guide, group, uniting) > 0.7
    statement = "Het eigen risico in de zorg moet worden afgeschaft."  # a seeded statement
    assert agree_share(guide, healthcare.PUBLIC, statement) > 0.75
    assert agree_share(guide, healthcare.SCEPTIC, statement) < 0.2


def test_an_example_edited_into_other_languages_gets_generic_texts() -> None:
    english_only = dataclasses.replace(HEALTHCARE, languages=("en",))
    assert texts_for(english_only).languages == {"en": 1.0}
