"""Buttons a citizen should not be able to use: forged data and buttons of an older survey version.

Every malformed press is a stale button: the citizen hears so and sees where they are, nothing is
stored, and the log gets no traceback.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot import callbacks as cb
from surveys.surveyfile import parse_survey
from tests.bot.conftest import NEIGHBOURHOOD, ORGANISER, BotUnderTest, quiet, reply
from tests.bot.test_bot_bad_input import at_free_text, at_travel_question

STALE = "Die knop is niet meer geldig."
CHANGED = "De organisatoren hebben de vragenlijst zojuist aangepast; er is niets opgeslagen."


def errors_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "forged",
    [
        "d:{key}:zz",
        "d:{key}:",
        "d:{key}",
        "t:{key}:zz:1",
        "t:{key}:1:²",
        "c:{key}:²",
        "c:{key}:-1",
        "c:{key}:99999999999999999999",
        "n:{key}:²",
        "n:{key}:--1",
        "n:{key}:1:2",
        "g:{key}:x",
        "v:{key}:²:a",
        "v:{key}:1:x",
        "s:{key}:²",
        "c:{key}:1\n",
        "c:{key}:٣",
    ],
)
async def test_a_forged_button_is_stale_quietly(
    samen: BotUnderTest, caplog: pytest.LogCaptureFixture, forged: str
) -> None:
    kim = samen.citizen(7101)
    await at_travel_question(kim)
    await kim.press("Fiets")
    await reply(kim)  # now at the multiple-choice step "thema"
    data = forged.format(key=cb.step_key("buurt", 1, "thema"))
    await kim.press_forged(data)
    answer = await reply(kim)
    assert answer.text.startswith(STALE), (data, answer.text)
    assert "Wat vindt u belangrijk?" in answer.text
    assert errors_in(caplog) == []
    stored = await samen.engine.my_data(7101)
    assert sorted(a["step_id"] for a in stored["answers"]) == ["vervoer", "welkom"]


async def test_forged_numbers_on_a_scale_store_nothing(
    samen: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    lia = samen.citizen(7102)
    await at_travel_question(lia)
    for label in ("Fiets", "Groen", "Klaar ✓"):
        await lia.press(label)
        await reply(lia)
    key = cb.step_key("buurt", 1, "tevreden")
    for value in ("²", "--1", "-0", "1.5", "+3", " 3", "٣"):
        await lia.press_forged(f"n:{key}:{value}")
        answer = await reply(lia)
        assert answer.text.startswith(STALE), (value, answer.text)
    assert errors_in(caplog) == []
    assert "tevreden" not in [a["step_id"] for a in (await samen.engine.my_data(7102))["answers"]]
    await lia.press("3")  # the real buttons still work
    assert (await reply(lia)).text.startswith("✓ 3\n\n")


async def test_a_forged_organiser_button_is_ignored(
    samen: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    boss = samen.citizen(ORGANISER)
    await boss.command("/moderate")
    assert (await reply(boss)).text  # nothing to moderate: a message to press forged data on
    for forged in ("md:²:a", "md:1:x", "rp:²:k", "rp:-1:r", "md:", "rp:1"):
        await boss.press_forged(forged)
    assert await quiet(boss) == []
    assert errors_in(caplog) == []


async def test_the_engine_refuses_unicode_digits_on_a_scale(samen: BotUnderTest) -> None:
    await samen.engine.consent(7103, "buurt")
    for step, value in (("welkom", None), ("vervoer", "fiets"), ("thema", ("groen",))):
        if value is None:
            await samen.engine.proceed(7103, "buurt", step)
        else:
            await samen.engine.answer(7103, "buurt", step, value)
    for value in ("²", "--1", "٣"):
        outcome = await samen.engine.answer(7103, "buurt", "tevreden", value)
        assert outcome.error is not None and outcome.error.code == "not_a_number", value


async def test_a_button_from_an_older_survey_version_is_stale(
    samen: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    noor = samen.citizen(7104)
    old_step = await at_travel_question(noor)  # version 1 of "vervoer"
    changed = NEIGHBOURHOOD.replace('nl: "Hoe reist u meestal?"', 'nl: "Hoe reist u naar uw werk?"')
    # Loaded by `surveys load` in another process: this bot's view cache is not told.
    await samen.engine.load_survey(parse_survey(changed))
    await noor.press("Auto", message=old_step)
    answer = await reply(noor)
    assert answer.text.startswith(CHANGED), answer.text
    assert "Hoe reist u naar uw werk?" in answer.text and ["Auto"] in answer.buttons
    data = await samen.engine.my_data(7104)
    assert "vervoer" not in [a["step_id"] for a in data["answers"]]
    await noor.press("Auto")  # the new screen's buttons work
    assert (await reply(noor)).text.startswith("✓ Auto\n\n")
    assert errors_in(caplog) == []


async def test_text_typed_to_an_older_survey_version_is_not_stored(samen: BotUnderTest) -> None:
    olaf = samen.citizen(7106)
    await at_free_text(olaf)  # version 1 of "toelichting"
    changed = NEIGHBOURHOOD.replace('"Wilt u dat toelichten?"', '"Wat moet er beter?"')
    await samen.engine.load_survey(parse_survey(changed))
    await olaf.send("Meer fietspaden")
    answer = await reply(olaf)
    assert answer.text.startswith(CHANGED) and "Wat moet er beter?" in answer.text
    data = await samen.engine.my_data(7106)
    assert "toelichting" not in [a["step_id"] for a in data["answers"]]


async def test_a_press_without_a_chat_is_answered_quietly(
    samen: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    # An inline-mode message or a game button: Telegram sends no message and so no chat.
    user = {"id": 7105, "is_bot": False, "first_name": "Ina"}
    samen.api.push_update(
        "callback_query",
        {
            "id": "inline-press",
            "chat_instance": "1",
            "from": user,
            "inline_message_id": "AAAA",
            "data": f"c:{cb.step_key('buurt', 1, 'vervoer')}:0",
        },
    )
    for _ in range(30):
        if samen.api.telegram.callback_answers.get("inline-press") is not None:
            break
        await asyncio.sleep(0.05)
    assert samen.api.telegram.callback_answers.get("inline-press") is not None
    assert errors_in(caplog) == []
    assert await samen.engine.my_data(7105) == {}
