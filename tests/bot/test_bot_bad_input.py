"""Whatever a citizen sends, they get a short friendly answer and their current step again."""

from __future__ import annotations

import asyncio

from bot.flood import FLOOD_GUARD, FloodGuard
from bot.localapi import BotEvent, Citizen
from tests.bot.conftest import BotUnderTest, quiet, replies, reply


async def at_travel_question(citizen: Citizen) -> BotEvent:
    """Consent, continue past the info step; return the single-choice step's message."""
    await citizen.command("/start", "buurt")
    await reply(citizen)
    await citizen.press("✓ Ik ga akkoord")
    await replies(citizen, 2)  # the consent ticked; the intro above step 1
    await citizen.press("Verder ▶")
    step = await reply(citizen)  # one edit: the info text above the next step
    assert step.edited and "Vraag 1 van 7\n\nWe beginnen.\n\nVraag 2 van 7" in step.text
    assert "Hoe reist u meestal?" in step.text
    return step


async def at_free_text(citizen: Citizen) -> BotEvent:
    await at_travel_question(citizen)
    # A button answer edits the pressed message into "✓ answer" above the next step.
    await citizen.press("Fiets")
    await reply(citizen)
    await citizen.press("Groen")
    await reply(citizen)
    await citizen.press("Klaar ✓")
    await reply(citizen)
    await citizen.press("3")
    step = await reply(citizen)
    assert step.edited and step.text.startswith("✓ 3\n\n")
    assert "Wilt u dat toelichten?" in step.text
    return step


async def test_media_where_text_is_expected(samen: BotUnderTest) -> None:
    gijs = samen.citizen(7001)
    await at_free_text(gijs)
    for send in (gijs.send_sticker, gijs.send_photo, gijs.send_location):
        await send()
        answer = await reply(gijs)
        assert answer.text.startswith("Ik kan hier alleen tekst lezen.")
        assert "Wilt u dat toelichten?" in answer.text
    await gijs.send("Te veel auto's")  # nothing lost: the step still takes its answer
    assert "Wat zou u veranderen?" in (await reply(gijs)).text


async def test_text_or_media_where_a_button_is_expected(samen: BotUnderTest) -> None:
    hanna = samen.citizen(7002)
    await at_travel_question(hanna)
    await hanna.send("met de fiets")
    answer = await reply(hanna)
    assert answer.text.startswith("Antwoord alstublieft met de knoppen")
    assert ["Fiets"] in answer.buttons and "Hoe reist u meestal?" in answer.text
    await hanna.send_photo()
    assert (await reply(hanna)).text.startswith("Antwoord alstublieft met de knoppen")
    await hanna.press("Fiets")  # the buttons of the repeated step work
    assert (await reply(hanna)).text.startswith("✓ Fiets\n\n")


async def test_a_stale_button_changes_nothing(samen: BotUnderTest) -> None:
    ivo = samen.citizen(7003)
    old_step = await at_travel_question(ivo)
    await ivo.press("Fiets")
    await reply(ivo)
    await ivo.press("Auto", message=old_step)  # the keyboard as it was on the old message
    answer = await reply(ivo)
    assert answer.text.startswith("Die knop is niet meer geldig. Hier bent u nu:")
    assert "Wat vindt u belangrijk?" in answer.text
    data = await samen.engine.my_data(7003)
    assert [a["value"] for a in data["answers"] if a["step_id"] == "vervoer"] == ["fiets"]


async def test_a_button_this_bot_never_made(samen: BotUnderTest) -> None:
    jan = samen.citizen(7004)
    await at_travel_question(jan)
    for forged in ("zz:unknown", "c:AAAA:0", "c:", "v:x:y:z", "t:AAAA:zz:1", "md:1:a", "lg:fr"):
        await jan.press_forged(forged)
        answer = await reply(jan)
        assert answer.text.startswith(("Die knop is niet meer geldig.", "Sorry, dat commando")), (
            forged, answer.text
        )
    assert await samen.engine.my_data(7004) != {}  # and nothing was recorded or broken
    await jan.press("Fiets")
    assert (await reply(jan)).text.startswith("✓ Fiets\n\n")


async def test_an_edited_answer_is_explained_and_the_original_kept(samen: BotUnderTest) -> None:
    roos = samen.citizen(7010)
    await at_free_text(roos)
    sent = await roos.send("Te veel autos")
    assert "Wat zou u veranderen?" in (await reply(roos)).text
    await roos.edit(sent, "Te veel auto's in de straat")  # fixing a typo, as phones allow
    answer = await reply(roos)
    assert answer.text.startswith("U heeft een bericht aangepast")
    assert "/back" in answer.text and not answer.buttons
    assert await quiet(roos) == []
    data = await samen.engine.my_data(7010)
    assert "Te veel autos" in [a["value"] for a in data["answers"]]
    await roos.send("Een autovrije zondag in de wijk")  # the current step still takes its answer
    draft = (await reply(roos)).text
    assert "“Een autovrije zondag in de wijk”" in draft and "Zal ik het toevoegen?" in draft


async def test_in_a_group_start_points_to_the_private_chat(samen: BotUnderTest) -> None:
    member = samen.api.in_group(7011, group_id=-100_042, title="Buurtvereniging")
    await member.command("/start")
    pointer = await reply(member)
    assert pointer.text.startswith("Ik raadpleeg iedereen één op één")
    assert "https://t.me/samen_local_bot" in pointer.text and not pointer.buttons
    for ignored in ("/start@another_bot", "/status", "Goed idee!"):  # not for us, or not a start
        await member.send(ignored)
    assert await quiet(member) == []
    assert not await samen.engine.my_data(7011)  # nothing about the member was stored
    private = samen.citizen(7011)
    await private.command("/start", "buurt")  # the same person, privately: the consultation
    assert "akkoord" in (await reply(private)).text


async def test_over_long_text_and_too_short_proposal(samen: BotUnderTest) -> None:
    kees = samen.citizen(7005)
    await at_free_text(kees)
    await kees.send("x" * 61)
    answer = await reply(kees)
    assert answer.text.startswith("Dat is te lang (61 tekens; hoogstens 60).")
    assert "Wilt u dat toelichten?" in answer.text
    await kees.send("Kort")
    await reply(kees)
    await kees.send("Bomen")
    answer = await reply(kees)
    assert answer.text.startswith("Dat is wat kort: schrijf alstublieft minstens 10 tekens.")
    assert "Wat zou u veranderen?" in answer.text


async def test_multiple_choice_limits_are_pop_ups(samen: BotUnderTest) -> None:
    lot = samen.citizen(7006)
    await at_travel_question(lot)
    await lot.press("Fiets")
    await reply(lot)
    query = await lot.press("Klaar ✓")  # nothing ticked
    await asyncio.sleep(0.1)
    assert lot.callback_answer(query)["text"] == "Kies er minstens 1."
    for label in ("Groen", "Verkeer"):
        await lot.press(label)
        await reply(lot)
    query = await lot.press("Veiligheid")  # a third one, where two is the maximum
    await asyncio.sleep(0.1)
    assert lot.callback_answer(query) == {
        "text": "U kunt er hoogstens 2 kiezen.", "show_alert": True
    } or lot.callback_answer(query)["text"] == "U kunt er hoogstens 2 kiezen."
    assert await quiet(lot) == []
    assert ["✓ Groen"] in lot.keyboard() and ["Veiligheid"] in lot.keyboard()


async def test_skip_only_optional_steps(samen: BotUnderTest) -> None:
    mila = samen.citizen(7007)
    await at_travel_question(mila)
    await mila.command("/skip")
    answer = await reply(mila)
    assert answer.text.startswith("Deze vraag kunt u helaas niet overslaan.")
    await at_free_text(samen.citizen(7008))
    nina = samen.citizen(7008)
    await nina.command("/skip")
    assert "Wat zou u veranderen?" in (await reply(nina)).text


async def test_unknown_command_and_text_before_consent(samen: BotUnderTest) -> None:
    otto = samen.citizen(7009)
    await otto.command("/start", "buurt")
    await reply(otto)
    await otto.send("hallo?")
    answer = await reply(otto)
    assert answer.text.startswith("Beantwoord eerst de vraag over privacy")
    assert ["✓ Ik ga akkoord"] in answer.buttons
    assert await samen.engine.my_data(7009) == {}  # still nothing stored
    await otto.press("✓ Ik ga akkoord")
    await replies(otto, 2)  # the consent ticked; the intro above step 1
    await otto.command("/frobnicate")
    answer = await reply(otto)
    assert answer.text.startswith("Dat commando ken ik niet. /help laat zien wat ik kan.")
    assert "We beginnen." in answer.text


async def test_unknown_and_closed_surveys(samen: BotUnderTest) -> None:
    pim = samen.citizen(7010)
    await pim.command("/start", "bestaat-niet")
    assert (await reply(pim)).text == "Ik ken geen raadpleging met de naam “bestaat-niet”."
    await at_travel_question(pim)
    await samen.engine.close_survey("buurt")
    await pim.press("Fiets")
    answer = await reply(pim)
    assert "De raadpleging “Onze buurt” is gesloten." in answer.text
    await pim.send("nog iemand?")
    assert "is gesloten" in (await reply(pim)).text
    await samen.engine.open_survey("buurt")  # reopened: nothing was lost
    await pim.command("/start")
    answer = await reply(pim)
    assert answer.text.startswith("Welkom terug!") and "Hoe reist u meestal?" in answer.text


async def test_a_flood_gets_one_slow_down(samen: BotUnderTest) -> None:
    samen.application.bot_data[FLOOD_GUARD] = FloodGuard(limit=5, window=0.6)
    rosa = samen.citizen(7011)
    await at_travel_question(rosa)
    await asyncio.sleep(0.7)
    for number in range(25):
        rosa.send_nowait(f"spam {number}")
    flood = await quiet(rosa)
    slow_downs = [event for event in flood if event.text.startswith("Dat zijn veel berichten")]
    assert len(slow_downs) == 1
    assert len(flood) == 5 + 1  # five answered (button expected), one warning, the rest ignored
    await asyncio.sleep(0.7)
    await rosa.press("Fiets")  # after a pause the bot listens again, nothing lost
    assert (await reply(rosa)).text.startswith("✓ Fiets\n\n")
