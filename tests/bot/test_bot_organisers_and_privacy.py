"""Organiser commands (and their refusal to others), moderation, reports, /delete, and a restart
of the bot in the middle of a survey."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from bot.localapi import Citizen
from tests.bot.conftest import ORGANISER, BotUnderTest, edit_and_message, replies, reply


async def to_proposals(citizen: Citizen, survey_id: str = "buurt") -> None:
    """From /start to the proposals step, answering as briefly as possible."""
    await citizen.command("/start", survey_id)
    await reply(citizen)
    await citizen.press("✓ Ik ga akkoord")
    await replies(citizen, 2)  # the consent ticked; the intro above step 1
    await citizen.press("Verder ▶")
    await reply(citizen)  # one edit: the info text above the next step
    # A button answer is one edit: "✓ answer" above the next step.
    for label in ("Fiets", "Groen", "Klaar ✓", "Overslaan ⏭", "Overslaan ⏭"):
        await citizen.press(label)
        await reply(citizen)


async def test_organiser_commands_are_refused_to_citizens(samen: BotUnderTest) -> None:
    sam = samen.citizen(8001)
    for command, args in (("/surveys", ()), ("/open", ("buurt",)), ("/close", ("buurt",)),
                          ("/stats", ("buurt",)), ("/moderate", ())):
        await sam.command(command, *args)
        refusal = (await reply(sam)).text
        assert refusal.startswith("Sorry, dat commando is alleen voor de organisatie")
    assert (await samen.engine.survey_info("buurt")).status == "open"


async def test_surveys_open_close_and_stats(samen: BotUnderTest) -> None:
    await to_proposals(samen.citizen(8002))
    boss = samen.citizen(ORGANISER)
    await boss.command("/surveys")
    listing = (await reply(boss)).text
    assert listing.startswith("Raadplegingen:")
    assert "• buurt: Onze buurt (open) 1 deelnemers" in listing
    assert "• wijkraad: Onze buurt (open) 0 deelnemers" in listing
    # An open survey past its closing date takes nobody: the listing says so, in Dutch.
    ended = replace(await samen.engine.survey("wijkraad"), id="oud", opens=None,
                    closes=datetime(2020, 1, 1, tzinfo=UTC))
    await samen.engine.load_survey(ended)
    await samen.engine.open_survey("oud")
    await boss.command("/surveys")
    assert ("• oud: Onze buurt (open, maar de einddatum is voorbij: niemand kan meedoen) "
            "0 deelnemers") in (await reply(boss)).text
    await boss.command("/close", "buurt")
    assert (await reply(boss)).text == "“Onze buurt” (buurt) is nu gesloten."
    assert (await samen.engine.survey_info("buurt")).status == "closed"
    await boss.command("/open", "buurt")
    assert (await reply(boss)).text == "“Onze buurt” (buurt) is nu open."
    await boss.command("/open")
    assert (await reply(boss)).text == "Gebruik: /open SURVEY_ID"
    await boss.command("/close", "nergens")
    assert (await reply(boss)).text == "Ik ken geen raadpleging met de naam “nergens”."
    await boss.command("/stats", "buurt")
    stats = (await reply(boss)).text
    assert "Deelnemers: 1\nAfgerond: 0 (0%)\nVoorstellen: 3 (0 wachten op goedkeuring)" in stats


async def test_moderation_of_pending_proposals(samen: BotUnderTest) -> None:
    tom = samen.citizen(8003)
    await to_proposals(tom, "wijkraad")
    await tom.send("Een wekelijkse markt op het plein")
    await reply(tom)
    await tom.press("✓ Toevoegen")
    confirmed = await reply(tom)
    assert "wacht op goedkeuring" in confirmed.text

    boss = samen.citizen(ORGANISER)
    await boss.command("/moderate")
    item = await reply(boss)
    assert "Een wekelijkse markt op het plein" in item.text and "(1 in totaal)" in item.text
    assert item.buttons == [["✓ Goedkeuren", "✗ Afwijzen"]]
    await boss.press("✓ Goedkeuren")
    decided, following = await replies(boss, 2)
    assert decided.edited and decided.text.startswith("✓ Goedgekeurd")
    assert following.text == "Er wachten geen voorstellen op goedkeuring."
    stats = await samen.engine.stats("wijkraad")
    assert stats.proposals.get("approved", 0) == 4 and stats.proposals.get("pending", 0) == 0


async def test_a_reported_proposal_reaches_the_organisers(samen: BotUnderTest) -> None:
    uma = samen.citizen(8004)
    await to_proposals(uma)
    await uma.send("Een wekelijkse markt op het plein")
    await reply(uma)
    await uma.press("✓ Toevoegen")
    await reply(uma)
    await uma.press("Geen (andere) voorstellen")
    vote = await reply(uma)  # one edit
    reported = vote.text.split("“")[-1].rstrip("”")
    query = await uma.press("⚠️ Melden")
    boss = samen.citizen(ORGANISER)
    report = await reply(boss)
    assert report.text.startswith("⚠️ Een deelnemer meldde dit voorstel (buurt)")
    assert reported in report.text
    await asyncio.sleep(0.05)
    assert uma.callback_answer(query)["text"] == "Bedankt, de organisatie kijkt ernaar."
    await boss.press("Verwijderen")
    assert (await reply(boss)).text == f"Verwijderd: “{reported}”"
    stats = await samen.engine.stats("buurt")
    assert stats.proposals.get("rejected", 0) == 1 and stats.reports == 1
    await uma.press("👍 Eens")  # the removed proposal cannot be judged any more
    assert "niet meer" in (await reply(uma)).text


async def test_delete_asks_first_and_then_removes_everything(samen: BotUnderTest) -> None:
    vera = samen.citizen(8005)
    await to_proposals(vera)
    await vera.command("/delete")
    question = await reply(vera)
    assert question.buttons == [["Ja, alles verwijderen"], ["Nee, bewaren"]]
    await vera.press("Nee, bewaren")
    assert (await reply(vera)).text == "Er is niets verwijderd."
    assert await samen.engine.my_data(8005) != {}
    await vera.command("/delete")
    await reply(vera)
    await vera.press("Ja, alles verwijderen")
    assert (await reply(vera)).text.startswith("Al uw gegevens zijn verwijderd.")
    assert await samen.engine.my_data(8005) == {}
    assert (await samen.engine.stats("buurt")).participants == 0
    await vera.command("/start", "buurt")  # a fresh start asks for consent again
    assert "Doet u mee?" in (await reply(vera)).text


async def test_restart_in_the_middle_of_a_survey(samen: BotUnderTest) -> None:
    wim = samen.citizen(8006)
    await wim.command("/start", "buurt")
    await reply(wim)
    await wim.press("✓ Ik ga akkoord")
    await replies(wim, 2)  # the consent ticked; the intro above step 1
    await wim.press("Verder ▶")
    await reply(wim)  # one edit: the info text above the next step
    await wim.press("Auto")
    multiple = await reply(wim)
    await wim.press("Verkeer")
    await reply(wim)

    await samen.restart()  # a new Application and a new Engine on the same database file

    await wim.press("Klaar ✓", message=multiple.message_id)  # the ticked keyboard from before
    scale = await reply(wim)
    assert scale.text.startswith("✓ Verkeer\n\n")
    assert "Hoe tevreden bent u?" in scale.text
    await wim.command("/start")
    resumed = await reply(wim)
    assert resumed.text.startswith("Welkom terug!") and "Hoe tevreden bent u?" in resumed.text
    data = await samen.engine.my_data(8006)
    assert {a["step_id"] for a in data["answers"]} == {"welkom", "vervoer", "thema"}


async def test_help_differs_for_organisers(samen: BotUnderTest) -> None:
    citizen, boss = samen.citizen(8007), samen.citizen(ORGANISER)
    await citizen.command("/help")
    await boss.command("/help")
    assert "/moderate" not in (await reply(citizen)).text
    assert "/moderate" in (await reply(boss)).text


async def test_edit_a_draft_then_add_it(samen: BotUnderTest) -> None:
    yara = samen.citizen(8008)
    await to_proposals(yara)
    await yara.send("Een wekelijke markt op het plien")
    await reply(yara)
    await yara.press("✏️ Aanpassen")
    prompt = await reply(yara)
    assert prompt.edited and prompt.text.endswith("Stuur de nieuwe tekst van uw voorstel.")
    await yara.send("Een wekelijkse markt op het plein")
    draft = await reply(yara)
    assert "“Een wekelijkse markt op het plein”" in draft.text
    await yara.press("✓ Toevoegen")
    added = await reply(yara)
    assert added.text.startswith("“Een wekelijkse markt op het plein”")
    data = await samen.engine.my_data(8008)
    assert [p["text"] for p in data["proposals"]] == ["Een wekelijkse markt op het plein"]


async def test_stop_pauses_and_start_resumes(samen: BotUnderTest) -> None:
    zoe = samen.citizen(8009)
    await to_proposals(zoe)
    await zoe.command("/stop")
    assert (await reply(zoe)).text.startswith("Gepauzeerd. Uw antwoorden zijn bewaard")
    await zoe.command("/start")
    resumed = await reply(zoe)
    assert resumed.text.startswith("Welkom terug!") and "Wat zou u veranderen?" in resumed.text


async def test_a_failing_database_still_gets_the_citizen_an_answer(samen: BotUnderTest) -> None:
    abel = samen.citizen(8010)
    await abel.command("/start", "buurt")
    await reply(abel)
    await samen.engine.close()  # the database goes away under the running bot
    await abel.press("✓ Ik ga akkoord")
    apology = await reply(abel)
    # An apology, with the consent screen again when the bot still remembers it.
    assert apology.text.startswith("Sorry, er ging bij mij iets mis.")
    await samen.restart()  # back: the press can be repeated and nothing half-done remains
    await abel.press("✓ Ik ga akkoord")
    _, first = await edit_and_message(abel)
    assert first.text.startswith("Een paar vragen over de buurt.\n\nVraag 1 van 7")
