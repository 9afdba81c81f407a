"""The last line: whatever broke, the citizen hears so and sees where they were."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import t
from bot.turn import SETTINGS, Turn
from surveys.storage.fence import AlreadyApplied, leave_fence

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if isinstance(context.error, AlreadyApplied):
        await show_where_they_are(update, context)
        return
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


async def show_where_they_are(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A webhook process took over an update whose effects another process had already saved
    before it stopped (bot/inbox.py): nothing is saved twice, and the citizen, who may have
    missed the reply, sees their current step."""
    log.info("%s", context.error)
    if not isinstance(update, Update) or update.effective_user is None:
        return
    leave_fence()
    try:
        turn = await Turn.begin(update, context)
        await turn.acknowledge()
        await turn.show_current()
    except Exception:
        log.exception("could not show the current step after a replayed update")
