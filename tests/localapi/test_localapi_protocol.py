"""The local Bot API server's protocol details, through bare telegram.Bot calls and raw HTTP."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.localapi import LocalBotApi

TOKEN = "123456:LOCAL-TEST-TOKEN"
VOTE_KEYBOARD = InlineKeyboardMarkup(
    [[InlineKeyboardButton("Agree", callback_data="vote:agree"),
      InlineKeyboardButton("Disagree", callback_data="vote:disagree")]]
)


async def test_get_updates_offset_limit_timeout_and_conflict(
    api: LocalBotApi, raw_call: Callable[..., Awaitable[tuple[int, dict]]]
) -> None:
    anna = api.citizen(1001)
    for text in ("a", "b", "c"):
        anna.send_nowait(text)
    status, body = await raw_call("getUpdates", limit=2)
    assert status == 200 and [u["message"]["text"] for u in body["result"]] == ["a", "b"]
    first_id = body["result"][0]["update_id"]
    _, again = await raw_call("getUpdates")
    assert [u["update_id"] for u in again["result"]][:2] == [first_id, first_id + 1]
    _, rest = await raw_call("getUpdates", offset=first_id + 2)
    assert [u["message"]["text"] for u in rest["result"]] == ["c"]
    _, empty = await raw_call("getUpdates", offset=first_id + 3, timeout=0)
    assert empty["result"] == [] and len(api.telegram.updates) == 0

    began = time.monotonic()
    _, waited = await raw_call("getUpdates", timeout=0.3)
    assert waited["result"] == [] and time.monotonic() - began >= 0.29

    poll = asyncio.create_task(raw_call("getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    began = time.monotonic()
    anna.send_nowait("d")
    _, woken = await poll
    assert [u["message"]["text"] for u in woken["result"]] == ["d"]
    assert time.monotonic() - began < 0.5

    older = asyncio.create_task(raw_call("getUpdates", offset=first_id + 4, timeout=5))
    await asyncio.sleep(0.1)
    newer = asyncio.create_task(raw_call("getUpdates", timeout=0.2))
    status, conflict = await older
    assert status == 409 and conflict["description"].startswith("Conflict: terminated")
    await newer

    anna.send_nowait("e")
    _, filtered = await raw_call("getUpdates", allowed_updates=["callback_query"], timeout=0)
    assert filtered["result"] == []
    _, allowed = await raw_call("getUpdates", allowed_updates=["message"], timeout=0)
    assert [u["message"]["text"] for u in allowed["result"]] == ["e"]


async def test_html_and_markdown_are_parsed_like_telegram(api: LocalBotApi) -> None:
    api.citizen(1001)
    async with Bot(TOKEN, base_url=api.base_url) as bot:
        sent = await bot.send_message(
            1001, "<b>Vote</b> &amp; <a href='https://x.nl/?a=1&amp;b=2'>read</a> 👍 <i>now</i>",
            parse_mode=ParseMode.HTML,
        )
        assert sent.text == "Vote & read 👍 now"
        assert [(e.type, e.offset, e.length) for e in sent.entities] == [
            ("bold", 0, 4), ("text_link", 7, 4), ("italic", 15, 3)
        ]
        assert sent.entities[1].url == "https://x.nl/?a=1&b=2"
        for broken in ("<b>unclosed", "1 < 2 and 3 > 2", "<blink>x</blink>"):
            with pytest.raises(BadRequest, match="Can't parse entities"):
                await bot.send_message(1001, broken, parse_mode=ParseMode.HTML)

        sent = await bot.send_message(
            1001, r"*Stem* nu: [hier](https://x.nl) \(62\.5%\)", parse_mode=ParseMode.MARKDOWN_V2
        )
        assert sent.text == "Stem nu: hier (62.5%)"
        assert [(e.type, e.offset, e.length) for e in sent.entities] == [
            ("bold", 0, 4), ("text_link", 9, 4)
        ]
        with pytest.raises(BadRequest, match=r"(?i)character '\.' is reserved"):
            await bot.send_message(1001, "62.5%", parse_mode=ParseMode.MARKDOWN_V2)
        with pytest.raises(BadRequest, match=r"(?i)can't find end of bold entity"):
            await bot.send_message(1001, "*unclosed", parse_mode=ParseMode.MARKDOWN_V2)
        legacy = await bot.send_message(1001, "*vet* 1.5", parse_mode=ParseMode.MARKDOWN)
        assert (legacy.text, legacy.entities[0].type) == ("vet 1.5", "bold")


async def test_reply_keyboards_deletes_actions_and_stale_queries(api: LocalBotApi) -> None:
    anna = api.citizen(1001)
    async with Bot(TOKEN, base_url=api.base_url) as bot:
        await bot.send_message(1001, "Kies", reply_markup=ReplyKeyboardMarkup([["Ja", "Nee"]]))
        assert anna.keyboard() == [["Ja", "Nee"]] and anna.inline_keyboard() == []
        voted = await bot.send_message(1001, "Stem", reply_markup=VOTE_KEYBOARD)
        assert anna.keyboard() == [["Agree", "Disagree"]]
        await bot.send_message(1001, "Weg", reply_markup=ReplyKeyboardRemove())
        assert anna.keyboard() == [] and anna.inline_keyboard() == [["Agree", "Disagree"]]
        assert [reply.text for reply in await anna.replies_until_quiet(quiet=0.05)] == [
            "Kies", "Stem", "Weg"
        ]

        query_id = await anna.press("Agree")
        [update] = await bot.get_updates()
        assert update.callback_query.message.message_id == voted.message_id
        assert await update.callback_query.answer("ok")
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await bot.answer_callback_query(query_id)

        assert await bot.send_chat_action(1001, "typing")
        with pytest.raises(BadRequest):
            await bot.send_chat_action(1001, "dancing")
        assert await bot.delete_message(1001, voted.message_id)
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await bot.delete_message(1001, voted.message_id)
        with pytest.raises(LookupError):
            await anna.press("Agree")
        assert [entry.kind for entry in anna.transcript][-2:] == ["callback", "delete"]


async def test_runs_in_its_own_process() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.localapi", "--delay", "0.01",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 10)
        urls = json.loads(line)
        async with aiohttp.ClientSession() as session, session.post(
            f"{urls['base_url']}{TOKEN}/getMe"
        ) as response:
            assert (await response.json())["result"]["username"]
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), 10) == 0


async def test_forged_and_raw_callback_queries_are_answerable(api: LocalBotApi) -> None:
    anna = api.citizen(1001)
    async with Bot(TOKEN, base_url=api.base_url) as bot:
        sent = await bot.send_message(1001, "Geen knoppen")
        forged_id = await anna.press_forged("zz:unknown")
        api.push_update("callback_query", {
            "id": "raw-1", "from": anna.user, "chat_instance": anna.chat.chat_instance,
            "data": "zz:raw", "message": sent.to_dict(),
        })
        forged, raw = await bot.get_updates()
        assert (forged.callback_query.data, raw.callback_query.data) == ("zz:unknown", "zz:raw")
        assert forged.callback_query.message.message_id == sent.message_id
        assert await bot.answer_callback_query(forged_id)
        assert await bot.answer_callback_query("raw-1", text="Die knop is niet meer geldig.")
        assert anna.callback_answer("raw-1")["text"] == "Die knop is niet meer geldig."
