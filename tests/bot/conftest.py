"""The real bot against a local Bot API server on 127.0.0.1, on a fresh database per test: each
test taking `samen` runs on SQLite and on PostgreSQL (the `database` fixture, tests/conftest.py).

Nothing is mocked: the `Application` from `bot.app.build_application` long-polls the server over
HTTP, and `Citizen`s from `bot.localapi` type and press buttons as Telegram users would.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.app import build_application, start_polling, stop_polling
from bot.config import BotSettings
from bot.localapi import BotEvent, Citizen, LocalBotApi
from surveys.engine import Engine
from surveys.surveyfile import parse_survey

SECRET = b"bot-test-secret"
ORGANISER = 9001
REPLY_TIMEOUT = 3.0

NEIGHBOURHOOD = """
id: buurt
languages: [nl, en]
title: {nl: Onze buurt, en: Our neighbourhood}
intro: {nl: Een paar vragen over de buurt., en: A few questions about the neighbourhood.}
privacy: {nl: We bewaren alles onder een pseudoniem., en: We store everything under a pseudonym.}
thanks: {nl: Dank u wel!, en: Thank you very much!}
moderation: post
statements:
  - id: groen
    text: {nl: Er moeten meer bomen en groen in de wijk komen., en: More trees and green spaces.}
  - id: parkeren
    text: {nl: Parkeren in de wijk moet duurder worden., en: Parking should cost more.}
  - id: speeltuin
    text: {nl: De speeltuin moet worden opgeknapt., en: The playground should be renovated.}
steps:
  - id: welkom
    type: info
    text: {nl: We beginnen., en: Let us begin.}
  - id: vervoer
    type: single_choice
    text: {nl: "Hoe reist u meestal?", en: "How do you usually travel?"}
    options:
      - {id: fiets, label: {nl: Fiets, en: Bicycle}}
      - {id: auto, label: {nl: Auto, en: Car}}
      - {id: ov, label: {nl: Openbaar vervoer, en: Public transport}}
  - id: thema
    type: multiple_choice
    text: {nl: "Wat vindt u belangrijk?", en: "What matters to you?"}
    min: 1
    max: 2
    options:
      - {id: groen, label: {nl: Groen, en: Green}}
      - {id: verkeer, label: {nl: Verkeer, en: Traffic}}
      - {id: veiligheid, label: {nl: Veiligheid, en: Safety}}
  - id: tevreden
    type: scale
    optional: true
    text: {nl: "Hoe tevreden bent u?", en: "How satisfied are you?"}
    min: 1
    max: 5
    min_label: {nl: Helemaal niet, en: Not at all}
    max_label: {nl: Heel erg, en: Very}
  - id: toelichting
    type: free_text
    optional: true
    max_length: 60
    text: {nl: "Wilt u dat toelichten?", en: "Would you like to explain?"}
  - id: ideeen
    type: proposals
    text: {nl: "Wat zou u veranderen?", en: "What would you change?"}
    max_per_participant: 2
    min_length: 10
    max_length: 120
  - id: stemmen
    type: vote
    text: {nl: "Wat vindt u hiervan?", en: "What do you think?"}
    votes_per_participant: 3
"""

# The same consultation under pre-moderation: proposals wait for an organiser.
MODERATED = NEIGHBOURHOOD.replace("id: buurt", "id: wijkraad", 1).replace(
    "moderation: post", "moderation: pre"
)


@dataclass
class BotUnderTest:
    api: LocalBotApi
    engine: Engine
    database: str | Path
    settings: BotSettings
    application: object = None

    def citizen(self, user_id: int, language: str = "nl") -> Citizen:
        return self.api.citizen(user_id, first_name=f"Burger {user_id}", language_code=language)

    async def start(self) -> None:
        self.application = build_application(self.settings, self.engine)
        await start_polling(self.application, timeout=1)

    async def stop(self) -> None:
        await stop_polling(self.application)

    async def restart(self) -> None:
        """Stop the bot and the engine; start both again on the same database."""
        await self.stop()
        await self.engine.close()
        self.engine = await Engine.open(self.database, SECRET, rng=random.Random(7))
        await self.start()


@pytest.fixture
async def samen(database: str | Path) -> AsyncIterator[BotUnderTest]:
    engine = await Engine.open(database, SECRET, rng=random.Random(7))
    for text in (NEIGHBOURHOOD, MODERATED):
        survey = parse_survey(text)
        await engine.load_survey(survey)
        await engine.open_survey(survey.id)
    async with LocalBotApi() as api:
        settings = BotSettings(
            token="123:TEST", api_base_url=api.base_url, api_file_url=api.base_file_url,
            organiser_ids=frozenset({ORGANISER}), flood_limit=0, send_rate_limit=0,
            chat_send_rate=0,
        )
        harness = BotUnderTest(api, engine, database, settings)
        await harness.start()
        try:
            yield harness
        finally:
            await harness.stop()
            await harness.engine.close()


def with_settings(harness: BotUnderTest, **changes: object) -> BotSettings:
    return replace(harness.settings, **changes)


async def replies(citizen: Citizen, count: int) -> list[BotEvent]:
    """The bot's next `count` messages or edits in this chat."""
    return [await citizen.next_reply(REPLY_TIMEOUT) for _ in range(count)]


async def edit_and_message(citizen: Citizen) -> tuple[BotEvent, BotEvent]:
    """The pressed message rewritten and the new message below it, in that order: the bot
    sends the two at once (`Turn.edit_beside`), so either may reach the server first."""
    first, second = await replies(citizen, 2)
    return (second, first) if second.edited and not first.edited else (first, second)


async def reply(citizen: Citizen) -> BotEvent:
    return await citizen.next_reply(REPLY_TIMEOUT)


async def quiet(citizen: Citizen) -> list[BotEvent]:
    """Whatever else the bot says in the next moment (for asserting it said nothing more)."""
    return await citizen.replies_until_quiet(quiet=0.3, timeout=2.0)
