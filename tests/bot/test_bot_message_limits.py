"""Telegram refuses a message over 4,096 UTF-16 units: every message the bot builds must fit,
whatever the survey and the citizens wrote (emoji count two), and `surveys validate` refuses a
survey whose limits could not fit."""

from __future__ import annotations

import dataclasses

from bot.localapi import Citizen
from surveys.messagefit import BOT_WORDS, MESSAGE_UNITS, units
from surveys.model import ProposalsStep
from surveys.surveyfile import check_survey_text, parse_survey
from tests.bot.conftest import BotUnderTest, edit_and_message, reply

# At the limit `surveys validate` allows: the longest proposal the validator lets through.
LONG = """
id: lang
languages: [nl]
title: {nl: Lange voorstellen}
intro: {nl: Over lange voorstellen.}
privacy: {nl: Alles onder een pseudoniem.}
steps:
  - id: ideeen
    type: proposals
    text: {nl: "Wat zou u veranderen?"}
    max_per_participant: 1
    min_length: 10
    max_length: MAX
  - id: stemmen
    type: vote
    text: {nl: "Wat vindt u hiervan?"}
    votes_per_participant: 3
"""
MOST = 1448  # (4096 - BOT_WORDS - 3 similar proposals of 200 units) // 2


def long_survey(max_length: int) -> str:
    return LONG.replace("MAX", str(max_length))


def errors(citizen: Citizen) -> list[str]:
    return [event.text for event in citizen.events if "iets mis" in event.text]


async def to_proposals(citizen: Citizen) -> None:
    await citizen.command("/start", "lang")
    await reply(citizen)
    await citizen.press("✓ Ik ga akkoord")
    await reply(citizen)  # the consent ticked
    assert "Wat zou u veranderen?" in (await reply(citizen)).text


async def load(samen: BotUnderTest, survey: object) -> None:
    await samen.engine.load_survey(survey)
    await samen.engine.open_survey("lang")


def test_validate_refuses_limits_that_cannot_fit() -> None:
    assert check_survey_text(long_survey(MOST)) == []
    problems = check_survey_text(long_survey(4000))
    assert any(
        p.field == "steps[0].max_length" and "at most 1448 fit" in p.message for p in problems
    ), problems
    emoji_privacy = long_survey(500).replace("Alles onder een pseudoniem.", "🔒" * 1800)
    assert [p.field for p in check_survey_text(emoji_privacy)] == ["privacy"]
    long_vote = long_survey(MOST).replace("Wat vindt u hiervan?", "Waarom? " * 100)
    problems = check_survey_text(long_vote)
    assert [p.field for p in problems] == ["steps[1].text"], problems
    assert MESSAGE_UNITS - BOT_WORDS - 3 * 200 == 2 * MOST


async def test_the_longest_proposal_a_survey_allows_is_shown_whole(samen: BotUnderTest) -> None:
    await load(samen, parse_survey(long_survey(MOST)))
    text = "Meer bomen in de straat " + "🌳" * (MOST - 24)
    assert len(text) == MOST and units(text) == 2 * MOST - 24
    ada = samen.citizen(7301)
    await to_proposals(ada)
    await ada.send(text)
    draft = await reply(ada)
    assert f"“{text}”" in draft.text  # whole, not cut
    await ada.press("✓ Toevoegen")
    await reply(ada)
    bas = samen.citizen(7302)
    await to_proposals(bas)
    await bas.send("Meer bomen in de straat graag, " + "🌲" * (MOST - 31))
    draft = await reply(bas)
    assert "Anderen stelden iets vergelijkbaars voor" in draft.text, draft.text
    assert units(draft.text) <= MESSAGE_UNITS
    await bas.press("Toch het mijne toevoegen")  # the one proposal allowed: on to the vote
    _, vote = await edit_and_message(bas)
    assert f"“{text}”" in vote.text and ["👍 Eens", "👎 Oneens", "🤷 Weet niet"] in vote.buttons
    assert errors(ada) == [] and errors(bas) == []


async def test_a_survey_loaded_before_the_check_still_gets_every_message_out(
    samen: BotUnderTest,
) -> None:
    # Loaded by an older version that allowed 4,000 characters: the bot cuts the quote.
    checked = parse_survey(long_survey(MOST))
    steps = list(checked.steps)
    assert isinstance(steps[0], ProposalsStep)
    steps[0] = dataclasses.replace(steps[0], max_length=4000)
    await load(samen, dataclasses.replace(checked, steps=tuple(steps)))
    cem = samen.citizen(7303)
    await to_proposals(cem)
    await cem.send("😀" * 2030)  # 4,060 units: over the limit with the bot's words around it
    draft = await reply(cem)
    assert draft.text.startswith("Uw voorstel:") and "…”" in draft.text
    assert draft.text.endswith("Zal ik het toevoegen?")
    assert units(draft.text) <= MESSAGE_UNITS
    await cem.press("✓ Toevoegen")
    added = await reply(cem)
    assert "toegevoegd" in added.text and units(added.text) <= MESSAGE_UNITS
    dirk = samen.citizen(7304)
    await to_proposals(dirk)
    await dirk.send("Een ander voorstel, kort")
    await reply(dirk)
    await dirk.press("✓ Toevoegen")
    _, vote = await edit_and_message(dirk)
    assert "😀😀😀" in vote.text and ["👍 Eens", "👎 Oneens", "🤷 Weet niet"] in vote.buttons
    assert errors(cem) == [] and errors(dirk) == []


async def test_a_long_start_argument_is_quoted_short(samen: BotUnderTest) -> None:
    eli = samen.citizen(7305)
    await eli.command("/start", "x" * 4000)
    answer = await reply(eli)
    assert answer.text.startswith("Ik ken geen raadpleging met de naam “xxxx")
    assert units(answer.text) < 200
