"""A local Telegram Bot API server on 127.0.0.1, plus simulated citizens that drive it.

It behaves like Telegram for what a python-telegram-bot v22 bot needs, and is as strict as
Telegram (dates in seconds, ``is_bot`` on users, ``chat_instance`` on callback queries, full
Message objects from sends and edits, 400 "message is not modified", an edit without
reply_markup drops the inline keyboard, HTML / MarkdownV2 / Markdown parsed into entities and
rejected when malformed, 409 when a second getUpdates starts, 404 for unknown methods), so PTB's
parsing and a bot's error handling are exercised for real. No token and no network are needed.
Note that PTB turns a 404 (a method this server lacks) into ``InvalidToken``.

Methods: getMe getUpdates sendMessage editMessageText editMessageReplyMarkup
answerCallbackQuery sendDocument sendPhoto getFile sendChatAction deleteMessage getChat
setMyCommands getMyCommands deleteMyCommands setMyName setMyDescription setMyShortDescription
setChatMenuButton setWebhook deleteWebhook getWebhookInfo close logOut.

Use it in a test, the demo or a benchmark::

    from telegram.ext import Application
    from bot.localapi import LocalBotApi

    async with LocalBotApi(delay=0.0) as api:          # port 0: a free port
        app = (Application.builder().token("123:LOCAL")
               .base_url(api.base_url).base_file_url(api.base_file_url).build())
        ...                                            # add handlers
        await app.initialize(); await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=10)

        anna = api.citizen(1001, first_name="Anna", language_code="nl")
        await anna.command("/start", "survey-id")      # bot_command entity set like Telegram
        reply = await anna.next_reply(timeout=5)       # BotEvent: .text .buttons .edited ...
        await anna.press("Agree")                      # label or callback_data, latest keyboard
        edit = await anna.next_reply()                 # edit.edited is True for edits
        await anna.press("Agree", message=reply)       # a stale button of an older message
        anna.keyboard()                                # [["Agree", "Disagree"], ...]
        anna.documents[0].data                         # bytes of a file the bot sent
        print(anna.transcript_text())                  # ">> /start" / "<< Welkom ..."

        await app.updater.stop(); await app.stop(); await app.shutdown()

Citizen: ``send(text)``, ``command(cmd, *args)``, ``press(label_or_data, message=None)`` (returns
the callback query id; ``callback_answer(id)`` shows what answerCallbackQuery said),
``press_forged(callback_data, message=None)`` (data no button carries, as a modified client
can send; ``api.push_update("callback_query", {...})`` ids are answerable too),
``send_sticker()``, ``send_photo()``, ``send_document(name, data)``, ``send_location()``,
``next_reply(timeout)``, ``replies_until_quiet(quiet, timeout)``, ``wait_replies(count)``,
``skip_replies()``, ``keyboard()`` / ``inline_keyboard()`` / ``reply_keyboard()``, ``events``
(every BotEvent in the chat: message, edited, at = time.monotonic()), ``transcript``,
``documents``. ``send_nowait`` / ``command_nowait`` / ``press_nowait`` (and
``sticker_nowait`` ...) push an update synchronously, for loading thousands quickly.

Server: ``api.delay`` (every Bot API call is answered after this many seconds, standing for
the network: the call takes effect after half of it, the answer travels the other half;
settable at runtime),
``api.inject_flood(count, retry_after, chat_id=None)`` (the next send/edit calls answer 429
"Too Many Requests: retry after N" with parameters.retry_after), ``api.calls(method=None,
chat_id=None)`` (the call log: CallRecord method, chat_id, at = time.monotonic() on arrival,
params, status), ``api.push_update(kind, payload)`` (a raw update), ``api.telegram`` (the state:
chats, files, commands, webhook). ``LocalBotApi(log_calls=False)`` skips the log for long runs.
Once a bot calls setWebhook with a URL on 127.0.0.1 (plain HTTP allowed there), updates are
POSTed to it as Telegram does, retried until a 200, a citizen's one after another;
``api.webhook.duplicate_rate`` posts some twice, ``api.webhook.acknowledged`` says which got
their 200 (bot/localapi/webhook.py).

In its own process (for a benchmark whose load generator lives elsewhere)::

    python -m bot.localapi --port 8081 --delay 0.05
    # prints one JSON line {"port": ..., "base_url": ..., "base_file_url": ...}, then serves
    # the HTTP control endpoints described in bot/localapi/control.py:
    #   POST /_control/updates {"updates": [{"user_id": 7, "text": "hi"}, ...]}  (batched)
    #   GET  /_control/events?since=K&timeout=T   every chat's bot replies, one cursor
    #   GET  /_control/chat/{id}?count=N          one chat's replies, waiting for N
    #   GET  /_control/calls, /_control/stats, POST /_control/settings, /_control/flood
    # Event times are time.monotonic(), comparable across processes on one machine.
"""

from bot.localapi.chats import BotEvent, SentFile, TranscriptEntry
from bot.localapi.citizen import Citizen
from bot.localapi.server import CallRecord, LocalBotApi

__all__ = ["BotEvent", "CallRecord", "Citizen", "LocalBotApi", "SentFile", "TranscriptEntry"]
