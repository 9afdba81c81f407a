"""AiohttpRequest against the local Bot API server: JSON calls, uploads, timeouts, errors, and a
whole Application (getUpdates long poll + replies) running on it."""

from __future__ import annotations

import asyncio
import io
import socket

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.localapi import LocalBotApi
from bot.transport import AiohttpRequest


def local_bot(api: LocalBotApi, **request_options: float) -> Bot:
    return Bot(
        "123:LOCAL",
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=AiohttpRequest(connection_pool_size=8, **request_options),
    )


async def test_json_calls_round_trip() -> None:
    async with LocalBotApi() as api:
        anna = api.citizen(1001, first_name="Anna")
        async with local_bot(api) as bot:
            assert bot.username  # getMe ran during initialize()
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Eens ✓", callback_data="a")]])
            text = "Stelling: meer groen & minder 🚗"
            sent = await bot.send_message(1001, text, reply_markup=keyboard)
            edited = await bot.edit_message_text(
                "Bedankt!", chat_id=1001, message_id=sent.message_id
            )

        assert sent.text == text
        assert edited.text == "Bedankt!"
        first, second = anna.events
        assert first.buttons == [["Eens ✓"]] and second.edited


async def test_errors_from_the_api_keep_their_meaning() -> None:
    async with LocalBotApi() as api, local_bot(api) as bot:
        api.citizen(1001)
        with pytest.raises(BadRequest):
            await bot.send_message(1001, "")  # Telegram: "message text is empty"


@pytest.mark.parametrize("as_file_handle", [False, True])
async def test_send_document_uploads_the_bytes(as_file_handle: bool) -> None:
    payload = b"participant,answer\n1,ja\n2,nee\n" * 500
    content = io.BytesIO(payload) if as_file_handle else payload
    async with LocalBotApi() as api:
        anna = api.citizen(1001)
        async with local_bot(api) as bot:
            message = await bot.send_document(
                1001, InputFile(content, filename="mijn-gegevens.csv"), caption="Jouw gegevens"
            )
            assert message.document is not None
            downloaded = await (await message.document.get_file()).download_as_bytearray()

        (document,) = anna.documents
        assert document.data == payload
        assert bytes(downloaded) == payload
        assert message.document.file_name == "mijn-gegevens.csv"


async def test_read_timeout_raises_timed_out() -> None:
    async with LocalBotApi() as api, local_bot(api) as bot:
        api.citizen(1001)
        api.delay = 0.6
        with pytest.raises(TimedOut):
            await bot.send_message(1001, "te laat", read_timeout=0.2)
        # A call's own generous timeout wins over the default.
        assert (await bot.send_message(1001, "op tijd", read_timeout=3)).text == "op tijd"


async def test_refused_connection_raises_network_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest(connect_timeout=1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.post(f"http://127.0.0.1:{port}/bot123:LOCAL/getMe")
        assert not isinstance(raised.value, TimedOut)
    finally:
        await request.shutdown()


async def test_not_initialized_is_an_error() -> None:
    with pytest.raises(NetworkError, match="not initialized"):  # PTB wraps our RuntimeError
        await AiohttpRequest().post("http://127.0.0.1:1/bot1:x/getMe")


async def test_an_application_runs_on_it() -> None:
    async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    async with LocalBotApi() as api:
        application = (
            Application.builder()
            .token("123:LOCAL")
            .base_url(api.base_url)
            .base_file_url(api.base_file_url)
            .request(AiohttpRequest(connection_pool_size=8))
            .get_updates_request(AiohttpRequest(connection_pool_size=1))
            .build()
        )
        application.add_handler(MessageHandler(filters.TEXT, echo))
        async with application:
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0, timeout=5)
            anna = api.citizen(1001)
            await anna.send("hallo")
            reply = await anna.next_reply(timeout=5)
            await application.updater.stop()
            await application.stop()
        assert reply.text == "echo: hallo"


async def test_a_full_pool_times_out_instead_of_queueing_forever() -> None:
    async with LocalBotApi(delay=0.6) as api:
        api.citizen(1001)
        request = AiohttpRequest(connection_pool_size=1, pool_timeout=0.1, connect_timeout=0.1)
        async with Bot("123:LOCAL", base_url=api.base_url, request=request) as bot:
            first = asyncio.create_task(bot.send_message(1001, "neemt de enige verbinding"))
            await asyncio.sleep(0.05)
            with pytest.raises(TimedOut):
                await bot.send_message(1001, "wacht op een verbinding")
            assert (await first).text == "neemt de enige verbinding"
