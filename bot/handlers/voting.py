"""Judging proposals one at a time (Agree / Disagree / Pass), in one message edited in place,
and reporting a proposal to the organisers."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import callbacks as cb
from bot import keyboards, screens
from bot.fitting import fit_around
from bot.handlers.citizen import pressed
from bot.i18n import t
from bot.turn import LANGUAGE_CACHE, Turn, call_fitted
from surveys.model import StepType

log = logging.getLogger(__name__)


async def offered_item(turn: Turn, press: cb.Press | None) -> tuple[Any, int] | None:
    """(view, proposal id) if the pressed proposal is the one the citizen is judging now."""
    if press is None:
        await turn.stale()
        return None
    proposal_id = press.int_arg(0)
    view = await turn.view_where(
        lambda view: view.status == "step" and screens.key_of(view) == press.key
        and view.vote_item is not None and view.vote_item.proposal_id == proposal_id
    )
    return None if view is None else (view, proposal_id)


async def vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    press = pressed(update)
    found = await offered_item(turn, press)
    if found is None:
        return
    view, proposal_id = found
    choice = cb.VOTE_CODES[press.args[1]]
    outcome = await turn.engine.vote(turn.user_id, view.survey_id, proposal_id, choice,
                                    version=view.survey_version)
    if outcome.error:
        await turn.reject(outcome)
        return
    await turn.acknowledge()
    following = outcome.view
    message = update.callback_query.message
    if (
        following.status == "step" and following.step_id == view.step_id
        and following.step_type == StepType.VOTE and following.vote_item is not None
    ):
        screen = screens.step_screen(following, turn.language)
        await turn.edit(message, screen.text, screen.markup)
        return
    await turn.edit(message, turn.text("vote_done", count=view.votes_cast + 1))
    await turn.show(following)


async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Flag the proposal on screen; the organisers get it with Keep / Remove buttons."""
    turn = await Turn.begin(update, context)
    found = await offered_item(turn, pressed(update))
    if found is None:
        return
    view, proposal_id = found
    outcome = await turn.engine.report_proposal(turn.user_id, view.survey_id, proposal_id,
                                                 version=view.survey_version)
    if outcome.error:
        await turn.reject(outcome)
        return
    await turn.acknowledge(turn.text("report_thanks"), alert=True)
    await notify_organisers(turn, view.survey_id, proposal_id, view.vote_item.text)


async def notify_organisers(turn: Turn, survey_id: str, proposal_id: int, text: str) -> None:
    languages: dict[int, str] = turn.context.bot_data[LANGUAGE_CACHE]
    for organiser in sorted(turn.settings.organiser_ids):
        language = languages.get(organiser, turn.settings.default_language)
        try:
            await call_fitted(turn.context.bot, "send_message", {
                "chat_id": organiser,
                "text": fit_around(lambda quote, language=language: t(
                    language, "report_to_organiser", survey_id=survey_id, text=quote), text),
                "reply_markup": keyboards.report_decision(language, proposal_id),
            })
        except TelegramError as error:
            # An organiser who never opened a chat with the bot cannot be messaged; the report
            # is stored anyway and /moderate or the export show it.
            log.warning("could not tell organiser %s about a report: %s", organiser, error)
