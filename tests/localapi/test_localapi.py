"""The local Bot API server against a real python-telegram-bot Application, over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import aiohttp
import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Conflict, EndPointNotFound, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.localapi import LocalBotApi

TOKEN = "123456:LOCAL-TEST-TOKEN"
VOTE_KEYBOARD = InlineKeyboardMarkup(
    [[InlineKeyboardButton("Agree", callback_data="vote:agree"),
      InlineKeyboardButton("Disagree", callback_data="vote:disagree")]]
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    sent = await update.effective_message.reply_text(
        f"Welcome {update.effective_user.first_name} {' '.join(context.args)}".strip(),
        reply_markup=VOTE_KEYBOARD,
    )
    context.bot_data.setdefault("sent", []).append(sent)


async def vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    context.bot_data.setdefault("chat_instances", []).append(query.chat_instance)
    await query.answer("noted")
    edited = await query.edit_message_text(f"You chose {query.data}", reply_markup=VOTE_KEYBOARD)
    context.bot_data.setdefault("edited", []).append(edited)


async def edit_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Repeat the last edit unchanged, then edit a message that does not exist."""
    last = context.bot_data["edited"][-1]
    errors = []
    for message_id in (last.message_id, 9999):
        try:
            await context.bot.edit_message_text(
                last.text, chat_id=last.chat_id, message_id=message_id, reply_markup=VOTE_KEYBOARD
            )
        except BadRequest as error:
            errors.append(error.message)
    await update.effective_message.reply_text(" | ".join(errors))


async def send_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_document(
        b"participant,vote\n1,agree\n", filename="votes.csv", caption="your data"
    )


async def call_unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await context.bot.do_api_request("frobnicate")
    except EndPointNotFound as error:
        await update.effective_message.reply_text(f"unknown method: {error.message}")


async def describe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    kind = next(k for k in ("sticker", "photo", "location", "document") if getattr(message, k))
    await message.reply_text(f"got a {kind}", reply_markup=None)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


@asynccontextmanager
async def running_bot(api: LocalBotApi) -> AsyncIterator[Application]:
    app = (
        Application.builder().token(TOKEN).base_url(api.base_url)
        .base_file_url(api.base_file_url).build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("again", edit_again))
    app.add_handler(CommandHandler("doc", send_file))
    app.add_handler(CommandHandler("unknown", call_unknown))
    app.add_handler(CallbackQueryHandler(vote))
    app.add_handler(MessageHandler(
        filters.Sticker.ALL | filters.PHOTO | filters.LOCATION | filters.Document.ALL, describe
    ))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=5)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_echo_through_a_real_long_poll(api: LocalBotApi) -> None:
    async with running_bot(api):
        anna = api.citizen(1001, first_name="Anna")
        for text in ("een", "twee", "drie"):
            await anna.send(text)
        assert [(await anna.next_reply()).text for _ in range(3)] == ["een", "twee", "drie"]
        polls_before = len(api.calls("getUpdates"))
        await asyncio.sleep(0.5)
        # A real long poll: an idle bot waits in one request instead of polling in a loop.
        assert len(api.calls("getUpdates")) - polls_before <= 1
    polls = api.calls("getUpdates")
    # PTB's final getUpdates on shutdown (timeout 0) only confirms; the long polls before it
    # ask Telegram to wait 5 s, and the one still waiting is ended by it with 409 Conflict.
    assert all(record.params.get("timeout") == 5 for record in polls[:-1])
    assert polls[-1].params.get("timeout") == 0 and polls[-2].status == 409
    offsets = [record.params.get("offset", 0) for record in polls]
    assert offsets == sorted(offsets) and offsets[-1] >= 4
    assert len(api.telegram.updates) == 0  # everything was confirmed by a later offset


async def test_buttons_callbacks_and_edits(api: LocalBotApi) -> None:
    async with running_bot(api) as app:
        anna = api.citizen(1001, first_name="Anna")
        await anna.command("/start", "climate")
        welcome = await anna.next_reply()
        assert welcome.text == "Welcome Anna climate" and not welcome.edited
        assert welcome.buttons == [["Agree", "Disagree"]] == anna.keyboard()

        query_id = await anna.press("Agree")
        chosen = await anna.next_reply()
        assert chosen.edited and chosen.message_id == welcome.message_id
        assert chosen.text == "You chose vote:agree"
        assert anna.callback_answer(query_id) == {"text": "noted", "show_alert": False, "url": None}
        assert app.bot_data["chat_instances"] == [anna.chat.chat_instance]

        # A stale button on the original message snapshot can still be pressed.
        await anna.press("vote:disagree", message=welcome)
        assert (await anna.next_reply()).text == "You chose vote:disagree"

        edited = app.bot_data["edited"][-1]  # PTB parsed the full Message from the edit
        assert edited.from_user.is_bot and edited.chat.id == 1001
        assert isinstance(edited.date, dtm.datetime) and edited.edit_date is not None
        assert abs(edited.date.timestamp() - time.time()) < 60  # seconds, not milliseconds
        assert edited.reply_markup == VOTE_KEYBOARD

        await anna.command("/again")
        errors = (await anna.next_reply()).text
        chat = await app.bot.get_chat(1001)
        assert (chat.type, chat.first_name) == ("private", "Anna")
        assert errors == "Message is not modified: specified new message content and reply " \
            "markup are exactly the same as a current content and reply markup of the message" \
            " | Message to edit not found"


async def test_edit_without_markup_drops_the_keyboard_and_ids_increase(api: LocalBotApi) -> None:
    async with running_bot(api) as app:
        anna, bob = api.citizen(1001), api.citizen(1002)
        await anna.command("/start")
        await bob.command("/start")
        await anna.next_reply()
        await bob.next_reply()
        first = app.bot_data["sent"][0]
        edited = await app.bot.edit_message_text("plain", chat_id=first.chat_id,
                                                 message_id=first.message_id)
        assert edited.reply_markup is None
        assert api.citizen(first.chat_id).keyboard() == []
        again = await app.bot.send_message(1001, "next")
        assert again.message_id > first.message_id
        with pytest.raises(BadRequest, match="Chat not found"):
            await app.bot.send_message(4242, "nobody")


async def test_documents_and_file_download(api: LocalBotApi) -> None:
    async with running_bot(api) as app:
        anna = api.citizen(1001)
        await anna.command("/doc")
        reply = await anna.next_reply()
        assert reply.document["file_name"] == "votes.csv" and reply.text == "your data"
        [sent] = anna.documents
        assert (sent.file_name, sent.data) == ("votes.csv", b"participant,vote\n1,agree\n")
        file = await app.bot.get_file(sent.file_id)
        assert bytes(await file.download_as_bytearray()) == sent.data


async def test_non_text_messages_parse_in_ptb(api: LocalBotApi) -> None:
    async with running_bot(api):
        anna = api.citizen(1001)
        await anna.send_sticker()
        await anna.send_photo()
        await anna.send_location()
        await anna.send_document("idea.txt", b"my idea")
        replies = [(await anna.next_reply()).text for _ in range(4)]
        assert replies == ["got a sticker", "got a photo", "got a location", "got a document"]
        kinds = [entry.kind for entry in anna.transcript if entry.sender == "citizen"]
        assert kinds == ["sticker", "photo", "location", "document"]


async def test_unknown_method_is_404(
    api: LocalBotApi, raw_call: Callable[..., Awaitable[tuple[int, dict]]]
) -> None:
    async with running_bot(api):
        anna = api.citizen(1001)
        await anna.command("/unknown")
        assert (await anna.next_reply()).text.startswith("unknown method:")
    status, body = await raw_call("frobnicate")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})


async def test_flood_injection_raises_retry_after(api: LocalBotApi) -> None:
    async with running_bot(api) as app:
        api.citizen(1001)
        api.citizen(1002)
        api.inject_flood(count=2, retry_after=7, chat_id=1002)
        await app.bot.send_message(1001, "other chats are not limited")
        for _ in range(2):
            with pytest.raises(RetryAfter) as raised, warnings.catch_warnings():
                warnings.simplefilter("ignore")
                await app.bot.send_message(1002, "too fast")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                retry_after = raised.value.retry_after
            if isinstance(retry_after, dtm.timedelta):
                retry_after = retry_after.total_seconds()
            assert retry_after == 7
        await app.bot.send_message(1002, "fine again")
        statuses = [record.status for record in api.calls("sendMessage", chat_id=1002)]
        assert statuses == [429, 429, 200]


async def test_delay_is_honoured_and_settable(api: LocalBotApi) -> None:
    async with running_bot(api) as app:
        api.delay = 0.2
        began = time.monotonic()
        await app.bot.get_me()
        assert time.monotonic() - began >= 0.2
        api.delay = 0.0
        began = time.monotonic()
        await app.bot.get_me()
        assert time.monotonic() - began < 0.15


async def test_commands_webhook_and_body_encodings(
    api: LocalBotApi, raw_call: Callable[..., Awaitable[tuple[int, dict]]]
) -> None:
    async with running_bot(api) as app:
        await app.bot.set_my_commands([("start", "Begin"), ("help", "Help")])
        assert [c.command for c in await app.bot.get_my_commands()] == ["start", "help"]
        await app.bot.delete_my_commands()
        assert await app.bot.get_my_commands() == ()
        with pytest.raises(BadRequest):
            await app.bot.set_my_commands([("Bad Name", "x")])
    api.citizen(1001)
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    status, body = await raw_call("sendMessage", chat_id=1001, text="json", reply_markup=markup)
    assert status == 200 and body["result"]["reply_markup"] == markup
    async with aiohttp.ClientSession() as session:
        form = {"chat_id": "1001", "text": "form", "reply_markup": json.dumps(markup)}
        async with session.post(f"{api.base_url}{TOKEN}/SENDMESSAGE", data=form) as response:
            assert (await response.json())["result"]["reply_markup"] == markup
        async with session.get(f"{api.base_url}{TOKEN}/getMe") as response:
            assert (await response.json())["result"]["is_bot"] is True
    status, body = await raw_call("sendMessage", chat_id=1001, text="x", reply_markup={
        "inline_keyboard": [[{"text": "Long", "callback_data": "x" * 65}]]})
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")
    async with Bot(TOKEN, base_url=api.base_url) as bot:
        await bot.set_webhook("https://example.org/hook")
        assert (await bot.get_webhook_info()).url == "https://example.org/hook"
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        await bot.delete_webhook()
        assert await bot.get_updates() == ()


async def test_control_endpoints_drive_the_bot_from_outside(api: LocalBotApi) -> None:
    async with running_bot(api), aiohttp.ClientSession() as session:
        control = f"http://127.0.0.1:{api.port}/_control"
        items = [{"user_id": 2000 + n, "text": f"hi {n}"} for n in range(20)]
        items.append({"user_id": 2000, "command": "/start"})
        async with session.post(f"{control}/updates", json={"updates": items}) as response:
            results = (await response.json())["result"]
        assert all(result["ok"] for result in results)
        async with session.get(f"{control}/chat/2000", params={"count": 2}) as response:
            events = (await response.json())["result"]["events"]
        assert [e["text"] for e in events] == ["hi 0", "Welcome Citizen"]
        assert events[1]["buttons"] == [["Agree", "Disagree"]]
        press = {"updates": [{"user_id": 2000, "press": "Agree"}, {"user_id": 2001, "press": "x"}]}
        async with session.post(f"{control}/updates", json=press) as response:
            pressed = (await response.json())["result"]
        assert pressed[0]["ok"] and not pressed[1]["ok"]
        async with session.get(f"{control}/chat/2000", params={"count": 3, "since": 2}) as response:
            [edit] = (await response.json())["result"]["events"]
        assert edit["edited"] and edit["text"] == "You chose vote:agree"
        async with session.get(f"{control}/events", params={"since": 0}) as response:
            feed = (await response.json())["result"]
        assert feed["count"] == 22 and feed["events"][-1]["chat_id"] == 2000
        texts = sorted(event["text"] for event in feed["events"][:20])
        assert texts == sorted(f"hi {n}" for n in range(20))
        async with session.get(f"{control}/stats") as response:
            stats = (await response.json())["result"]
        assert stats["updates_pushed"] == 22 and stats["chats"] == 20
