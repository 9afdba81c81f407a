"""A whole consultation in a Telegram chat, in Dutch and in English, through the real bot."""

from __future__ import annotations

import json

from bot.localapi import Citizen
from surveys.surveyfile import parse_survey
from tests.bot.conftest import BotUnderTest, edit_and_message, quiet, replies, reply


async def consent_and_begin(citizen: Citizen, agree: str) -> None:
    await citizen.command("/start", "buurt")
    consent = await reply(citizen)
    assert "pseudoniem" in consent.text or "pseudonym" in consent.text
    await citizen.press(agree)
    edited, first = await edit_and_message(citizen)  # the consent ticked; the intro + step 1
    assert edited.edited and edited.text.endswith(agree)
    assert "buurt" in first.text or "neighbourhood" in first.text
    assert first.buttons  # the info step's Continue button


async def answer_closed_questions(
    citizen: Citizen, go_on: str, travel: str, toggles: list[str], done: str, scale: str
) -> None:
    await citizen.press(go_on)
    await reply(citizen)  # one edit: the info text above the next step
    await citizen.press(travel)  # one edit: what was chosen, above the next step
    multiple = await reply(citizen)
    assert multiple.edited and multiple.text.startswith(f"✓ {travel}\n\n")
    for label in toggles:  # each tap edits the same message's keyboard
        await citizen.press(label)
        toggled = await reply(citizen)
        assert toggled.edited and toggled.message_id == multiple.message_id
    assert [f"✓ {toggles[0]}"] in citizen.keyboard()
    await citizen.press(done)
    scale_step = await reply(citizen)
    assert scale_step.text.startswith("✓ " + ", ".join(toggles) + "\n\n")
    assert [str(n) for n in range(1, 6)] in scale_step.buttons
    await citizen.press(scale)
    await reply(citizen)


async def judge_everything(citizen: Citizen, agree: str, votes: int) -> str:
    """Agree with every proposal on offer; the one voting message is edited each time."""
    first = None
    for number in range(votes):
        await citizen.press(agree)
        edit = await reply(citizen)
        assert edit.edited
        first = first or edit.message_id
        assert edit.message_id == first
        if number < votes - 1:
            assert f"{number + 2} " in edit.text  # "Proposal 2 of 3"
    end = await reply(citizen)
    assert not end.edited
    return end.text


async def test_whole_journey_in_english_then_in_dutch(samen: BotUnderTest) -> None:
    bob = samen.citizen(2002, language="en-GB")
    await consent_and_begin(bob, "✓ I agree")
    await answer_closed_questions(bob, "Continue ▶", "Bicycle", ["Green"], "Done ✓", "4")
    await bob.send("Quiet streets")  # optional free text
    proposals_step = await reply(bob)
    assert "Type your proposal" in proposals_step.text
    await bob.send("A weekly farmers market on the square")
    draft = await reply(bob)
    assert "Shall I add it?" in draft.text
    assert draft.buttons == [["✓ Add it", "✏️ Edit"]]  # nothing similar to support instead
    await bob.press("✓ Add it")
    confirmed = await reply(bob)  # one edit: the proposal added, above the proposals step again
    assert confirmed.edited and confirmed.text.startswith("“")
    assert "has been added" in confirmed.text and "another proposal" in confirmed.text
    await bob.press("No (more) proposals")
    first_vote = await reply(bob)  # one edit
    assert ["👍 Agree", "👎 Disagree", "🤷 Pass"] in first_vote.buttons
    assert "Proposal 1 of 3" in first_vote.text
    end = await judge_everything(bob, "👍 Agree", 3)
    assert end.startswith("Thank you very much!")
    assert "/mydata" in end

    anna = samen.citizen(1001, language="nl")
    await consent_and_begin(anna, "✓ Ik ga akkoord")
    await answer_closed_questions(
        anna, "Verder ▶", "Fiets", ["Groen", "Verkeer"], "Klaar ✓", "2"
    )
    await anna.press("Overslaan ⏭")  # the optional free text, by its button
    proposals_step = await reply(anna)
    assert proposals_step.text.startswith("✓ (overgeslagen)\n\n")
    await anna.send("Meer bomen en groen in de wijk planten")
    draft = await reply(anna)
    assert "Anderen stelden iets vergelijkbaars voor" in draft.text
    assert "1. Er moeten meer bomen en groen in de wijk komen." in draft.text
    assert draft.buttons[0][0] == "👍 Steun 1"
    assert draft.buttons[-1] == ["Toch het mijne toevoegen", "✏️ Aanpassen"]
    await anna.press("👍 Steun 1")
    supported, _ = await edit_and_message(anna)
    assert supported.text.startswith("Bedankt, u steunt nu: “Er moeten meer bomen")
    await anna.press("Geen (andere) voorstellen")
    first_vote = await reply(anna)  # one edit
    assert ["👍 Eens", "👎 Oneens", "🤷 Weet niet"] in first_vote.buttons
    end = await judge_everything(anna, "👍 Eens", 3)
    assert end.startswith("Dank u wel!")
    assert "Zo verhouden uw antwoorden zich tot die van iedereen tot nu toe:" in end
    assert "100% antwoordde net als u “Fiets” op: Hoe reist u meestal?" in end  # Bob: bicycle
    assert "100% antwoordde net als u “Groen” op: Wat vindt u belangrijk?" in end
    assert "100% was het met u eens over" in end

    stats = await samen.engine.stats("buurt")
    assert stats.participants == 2 and stats.completed == 2
    assert await quiet(anna) == []


async def test_mydata_is_a_json_document_of_what_was_stored(samen: BotUnderTest) -> None:
    carla = samen.citizen(738261, language="nl")
    await carla.command("/mydata")
    assert (await reply(carla)).text == "Samen heeft niets over u opgeslagen."
    await consent_and_begin(carla, "✓ Ik ga akkoord")
    await carla.press("Verder ▶")
    await reply(carla)  # one edit: the info text above the next step
    await carla.press("Openbaar vervoer")
    await reply(carla)
    await carla.command("/mydata")
    sent = await reply(carla)
    assert sent.document is not None and sent.text == "Alles wat Samen over u heeft opgeslagen."
    document = carla.documents[-1]
    assert document.file_name.endswith(".json")
    data = json.loads(document.data)
    answers = {row["step_id"]: row for row in data["answers"]}
    assert set(answers) >= {"welkom", "vervoer"}
    assert "ov" in json.dumps(answers["vervoer"])
    assert "738261" not in document.data.decode()  # only the pseudonym, never the Telegram id


async def test_back_shows_the_previous_answer_and_status_tells_where(samen: BotUnderTest) -> None:
    dirk = samen.citizen(4004, language="nl")
    await consent_and_begin(dirk, "✓ Ik ga akkoord")
    await dirk.press("Verder ▶")
    await reply(dirk)  # one edit: the info text above the next step
    await dirk.press("Auto")
    await reply(dirk)
    await dirk.command("/status")
    assert "U bent bij vraag 3 van 7" in (await reply(dirk)).text
    await dirk.command("/back")
    again = await reply(dirk)
    assert "Hoe reist u meestal?" in again.text
    assert ["✓ Auto"] in again.buttons
    await dirk.press("Fiets")  # a new answer replaces the old one
    await reply(dirk)
    data = await samen.engine.my_data(4004)
    assert [a["value"] for a in data["answers"] if a["step_id"] == "vervoer"] == ["fiets"]


async def test_language_command_switches_bot_and_survey(samen: BotUnderTest) -> None:
    eva = samen.citizen(5005, language="en")
    await consent_and_begin(eva, "✓ I agree")
    await eva.command("/language")
    choose = await reply(eva)
    assert choose.buttons == [["Nederlands", "English"]]
    await eva.press("Nederlands")
    switched, step = await replies(eva, 2)
    assert switched.text == "Vanaf nu spreek ik Nederlands."
    assert "We beginnen." in step.text and ["Verder ▶"] in step.buttons
    assert await samen.engine.language(5005) == "nl"


async def test_start_without_a_link_offers_the_open_surveys(samen: BotUnderTest) -> None:
    fenna = samen.citizen(6006, language="nl")
    await fenna.command("/start")
    choose = await reply(fenna)
    assert choose.text == "Aan welke raadpleging wilt u meedoen?"
    assert len(choose.buttons) == 2
    await fenna.press(choose.buttons[0][0])
    consent = await reply(fenna)
    assert "Doet u mee?" in consent.text
    await fenna.press("Nee, liever niet")
    declined = await reply(fenna)
    assert declined.edited and "er is niets opgeslagen" in declined.text
    assert await samen.engine.my_data(6006) == {}


async def test_command_menu_in_both_languages(samen: BotUnderTest) -> None:
    bot = samen.application.bot
    dutch = {c.command: c.description for c in await bot.get_my_commands(language_code="nl")}
    english = {c.command: c.description for c in await bot.get_my_commands(language_code="en")}
    assert set(dutch) == set(english) >= {"start", "help", "mydata", "delete", "language"}
    assert dutch["delete"] == "Verwijder al uw gegevens"
    assert english["delete"] == "Delete all your data"


GERMAN_TOO = """
id: grens
languages: [nl, de]
title: {nl: Over de grens, de: Über die Grenze}
intro: {nl: Een vraag., de: Eine Frage.}
privacy: {nl: We bewaren een pseudoniem., de: Wir speichern ein Pseudonym.}
steps:
  - id: reis
    type: single_choice
    text: {nl: "Hoe vaak gaat u naar Duitsland?", de: "Wie oft fahren Sie in die Niederlande?"}
    options:
      - {id: vaak, label: {nl: Vaak, de: Oft}}
      - {id: zelden, label: {nl: Zelden, de: Selten}}
"""


async def test_a_survey_in_the_citizens_app_language_beyond_dutch_and_english(
    samen: BotUnderTest,
) -> None:
    survey = parse_survey(GERMAN_TOO)
    await samen.engine.load_survey(survey)
    await samen.engine.open_survey(survey.id)
    greta = samen.citizen(7007, language="de-AT")
    await greta.command("/start", "grens")
    consent = await reply(greta)
    # The survey's own texts in German, the bot's messages in English (it has no German).
    assert "Über die Grenze" in consent.text and "Wir speichern ein Pseudonym." in consent.text
    assert "Do you agree to take part?" in consent.text
    await greta.press("✓ I agree")
    _, first = await edit_and_message(greta)
    assert "Eine Frage." in first.text and "Wie oft fahren Sie" in first.text
    assert first.buttons == [["Oft"], ["Selten"]]
    assert await samen.engine.language(7007) == "de"
    # Unchanged for everyone else: a German app on a Dutch/English survey reads English.
    hans = samen.citizen(7008, language="de")
    await hans.command("/start", "buurt")
    assert "Our neighbourhood" in (await reply(hans)).text
