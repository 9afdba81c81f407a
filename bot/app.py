"""The one place that wires the bot: `build_application(settings, engine)`.

Handler groups, in the order PTB runs them for each update:
  -2  only private chats (the consultation is one-to-one; in a group, /start or /help gets a
      pointer to the private chat and everything else is ignored)
  -1  the per-citizen flood limit
   0  commands, then buttons (by callback-data action), then text, then anything else
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.constants import ChatType
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import callbacks as cb
from bot.config import BotSettings
from bot.flood import FLOOD_GUARD, FloodGuard, Verdict, guard_updates
from bot.handlers import admin, answers, citizen, privacy, proposals, voting
from bot.handlers.errors import on_error
from bot.i18n import LANGUAGES, language_for, t
from bot.ordering import PerChatOrderedProcessor
from bot.sending import FloodControlRateLimiter
from bot.transport import AiohttpRequest
from bot.turn import (
    ENGINE,
    LANGUAGE_CACHE,
    SETTINGS,
    SURVEY_CACHE,
    Turn,
    quiet_raw_call_warnings,
)
from bot.viewcache import ViewCachingEngine

log = logging.getLogger(__name__)

CITIZEN_COMMANDS = ("start", "help", "status", "back", "skip", "language", "mydata", "delete",
                    "stop")
ORGANISER_COMMANDS = {
    "surveys": "/surveys",
    "open": "/open ID",
    "close": "/close ID",
    "stats": "/stats ID",
    "moderate": "/moderate",
}


def build_application(
    settings: BotSettings, engine: Any, *, max_concurrent_updates: int = 256,
    with_updater: bool = True,
) -> Application:
    """The bot as a PTB Application, talking to `settings.api_base_url` and to `engine`.

    `with_updater=False` leaves out PTB's Updater (polling and webhook): for a worker that gets
    its updates from the router (bot/shards.py).
    """
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        # Citizens concurrently, each citizen's updates strictly in order (issue: throughput).
        .concurrent_updates(PerChatOrderedProcessor(max_concurrent_updates))
        .request(AiohttpRequest(connection_pool_size=max_concurrent_updates))
        .post_init(set_command_menu)
    )
    if with_updater:
        builder = builder.get_updates_request(AiohttpRequest(connection_pool_size=2))
    else:
        builder = builder.updater(None)
    if settings.send_rate_limit or settings.chat_send_rate:
        builder = builder.rate_limiter(FloodControlRateLimiter(
            overall_rate=settings.send_rate_limit or None,
            per_chat_rate=settings.chat_send_rate or None,
        ))
    application = builder.build()
    quiet_raw_call_warnings()
    application.bot_data.update({
        ENGINE: ViewCachingEngine(engine),
        SETTINGS: settings,
        LANGUAGE_CACHE: {},
        SURVEY_CACHE: {},
        FLOOD_GUARD: FloodGuard(settings.flood_limit, settings.flood_window),
    })
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    application.add_handler(TypeHandler(Update, private_chats_only), group=-2)
    application.add_handler(TypeHandler(Update, guard_updates), group=-1)

    commands = {
        "start": citizen.start,
        "help": citizen.help_command,
        "status": citizen.status,
        "back": citizen.back,
        "skip": citizen.skip,
        "stop": citizen.stop,
        "language": citizen.language,
        "mydata": privacy.my_data,
        "delete": privacy.delete,
        "surveys": admin.surveys,
        "open": admin.open_survey,
        "close": admin.close_survey,
        "stats": admin.stats,
        "moderate": admin.moderate,
    }
    for name, handler in commands.items():
        application.add_handler(
            CommandHandler(name, handler, filters=filters.UpdateType.MESSAGE)
        )

    buttons = [
        ((cb.CHOICE, cb.SCALE), answers.choice),
        ((cb.TOGGLE,), answers.toggle),
        ((cb.DONE,), answers.done),
        ((cb.SKIP,), answers.skip_button),
        ((cb.PROCEED,), answers.proceed),
        ((cb.CONFIRM,), proposals.confirm),
        ((cb.SUPPORT,), proposals.support),
        ((cb.EDIT,), proposals.edit),
        ((cb.VOTE,), voting.vote),
        ((cb.REPORT,), voting.report),
        ((cb.CONSENT,), citizen.consent),
        ((cb.DECLINE,), citizen.decline),
        ((cb.PICK,), citizen.pick_survey),
        ((cb.LANGUAGE,), citizen.choose_language),
        ((cb.DELETE,), privacy.delete_answer),
        ((cb.MODERATE,), admin.moderation_decision),
        ((cb.REPORTED,), admin.report_decision),
    ]
    for actions, handler in buttons:
        application.add_handler(CallbackQueryHandler(handler, pattern=cb.pattern(*actions)))
    application.add_handler(CallbackQueryHandler(unknown_button))

    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(
        MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, answers.text_message)
    )
    application.add_handler(MessageHandler(new_messages & filters.COMMAND, citizen.unknown_command))
    application.add_handler(MessageHandler(new_messages, answers.other_message))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE,
                                           answers.edited_message))
    application.add_error_handler(on_error)


# In a group, these commands get a pointer to the private chat; nothing else gets an answer.
GROUP_POINTER_COMMANDS = ("/start", "/help")


async def private_chats_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers and votes are personal: the bot consults in private chats only.

    Someone who adds the bot to a neighbourhood group and types /start would otherwise meet
    silence; they get one line with the link to a private chat (within the flood limit, so a
    busy group cannot make the bot spam it).
    """
    chat = update.effective_chat
    if chat is None:
        # Nothing this bot sends lives outside a chat: a press on an inline-mode message or a
        # game button, a poll, an inline query. Stop the button's spinner; nothing else to say.
        if update.callback_query is not None:
            try:
                await update.callback_query.answer()
            except TelegramError as error:
                log.info("could not answer a callback query without a chat: %s", error)
        raise ApplicationHandlerStop
    if chat.type == ChatType.PRIVATE:
        return
    message, user = update.message, update.effective_user
    if (message is not None and user is not None
            and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
            and _is_command_to_bot(message.text or "", context.bot.username)
            and context.bot_data[FLOOD_GUARD].check(user.id) is Verdict.ACCEPT):
        settings: BotSettings = context.bot_data[SETTINGS]
        language = language_for(user.language_code, settings.default_language)
        await context.bot.send_message(
            chat.id, t(language, "private_chat_only", link=f"https://t.me/{context.bot.username}"))
    raise ApplicationHandlerStop


def _is_command_to_bot(text: str, bot_username: str) -> bool:
    """``/start`` or ``/start@this_bot`` (not a command meant for another bot in the group)."""
    command, _, addressee = (text.split(maxsplit=1) or [""])[0].partition("@")
    return command in GROUP_POINTER_COMMANDS and addressee.lower() in ("", bot_username.lower())


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Callback data this version of the bot does not know (e.g. from an older release)."""
    turn = await Turn.begin(update, context)
    await turn.stale()


class TokenRejected(InvalidToken):
    """getMe refused the token (or, later, Telegram answered 401): the one failure for which
    the start-up message blames the token. An InvalidToken from any other call is PTB's name
    for a 404, e.g. a method a self-hosted Bot API server does not offer."""


async def initialize_checking_token(initializable: Any) -> None:
    """`initialize()` an Application or a Bot (which asks getMe), telling a refused token apart
    from the errors of later calls."""
    try:
        await initializable.initialize()
    except InvalidToken as error:
        raise TokenRejected(str(error)) from error


async def set_command_menu(application: Application) -> None:
    """The command menu in Dutch and English (by client language), plus the organiser commands
    in organisers' own chats. The menu is a nicety: a Bot API that refuses it (a self-hosted
    server, a proxy) gets a warning in the log and the bot runs without it."""
    settings: BotSettings = application.bot_data[SETTINGS]
    bot = application.bot
    try:
        for language in LANGUAGES:
            await bot.set_my_commands(citizen_commands(language), language_code=language)
        await bot.set_my_commands(citizen_commands(settings.default_language))
    except TelegramError as error:
        log.warning("the Bot API refused the command menu (setMyCommands: %s); running "
                    "without it", error)
        return
    for organiser in sorted(settings.organiser_ids):
        language = settings.default_language
        menu = citizen_commands(language) + [
            BotCommand(name, usage) for name, usage in ORGANISER_COMMANDS.items()
        ]
        try:
            await bot.set_my_commands(menu, scope=BotCommandScopeChat(organiser))
        except TelegramError as error:  # the organiser has not opened a chat with the bot yet
            log.info("no organiser menu for %s: %s", organiser, error)


def citizen_commands(language: str) -> list[BotCommand]:
    return [BotCommand(name, t(language, f"cmd_{name}")) for name in CITIZEN_COMMANDS]


async def start_polling(application: Application, timeout: int = 10) -> None:
    """Initialise, run post_init (the command menu) and long-poll; `run_polling` without taking
    over the event loop, for code that runs the bot beside other things (tests, the demo)."""
    await initialize_checking_token(application)
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    await application.updater.start_polling(  # type: ignore[union-attr]
        poll_interval=0, timeout=timeout, allowed_updates=Update.ALL_TYPES
    )


async def stop_polling(application: Application) -> None:
    await application.updater.stop()  # type: ignore[union-attr]
    await application.stop()
    await application.shutdown()


@asynccontextmanager
async def polling(application: Application, timeout: int = 10) -> AsyncIterator[Application]:
    """`async with polling(build_application(...)):` the bot runs inside the block."""
    await start_polling(application, timeout)
    try:
        yield application
    finally:
        await stop_polling(application)
