"""The last line: whatever broke, the citizen hears so and sees where they were."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import t
from bot.turn import SETTINGS, Turn

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("handling an update failed", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_user is None:
        return
    try:
        turn = await Turn.begin(update, context)
        await turn.acknowledge()
        await turn.show_current(turn.text("error"))
    except Exception:
        # The engine or the network is what failed: a plain apology without the step.
        log.exception("could not show the current step after an error")
        language = context.bot_data[SETTINGS].default_language
        try:
            await context.bot.send_message(update.effective_chat.id, t(language, "error_plain"))
        except Exception:
            log.exception("could not even apologise")
