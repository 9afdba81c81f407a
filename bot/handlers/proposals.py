"""Writing a proposal: the draft, similar proposals to support instead, confirm or edit."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import screens
from bot.fitting import fit_around
from bot.handlers.citizen import pressed
from bot.turn import Turn


async def submit(turn: Turn, view: Any, text: str) -> None:
    """A typed proposal becomes a draft (replacing an earlier one) shown for confirmation."""
    outcome = await turn.engine.submit_proposal(turn.user_id, view.survey_id, view.step_id, text,
                                                version=view.survey_version)
    if outcome.error:
        await turn.reject(outcome)
        return
    if outcome.view.draft is None:
        await turn.show(outcome.view)
        return
    screen = screens.draft_screen(outcome.view, turn.language)
    await turn.send(screen.text, screen.markup)


async def draft_step(turn: Turn, update: Update) -> Any | None:
    """The current view if the pressed draft screen is still the citizen's draft."""
    press = pressed(update)
    if press is None:
        await turn.stale()
        return None
    return await turn.view_where(
        lambda view: view.status == "step" and view.draft is not None
        and screens.key_of(view) == press.key
    )


async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    view = await draft_step(turn, update)
    if view is None:
        return
    result = await turn.engine.confirm_proposal(turn.user_id, view.survey_id,
                                                version=view.survey_version)
    if result.error:
        await turn.reject(result)
        return
    await turn.acknowledge()
    note = turn.text("proposal_pending" if result.pending else "proposal_added")
    message = update.callback_query.message
    await turn.replace_in_place(message if isinstance(message, Message) else None,
                                fit_around(lambda quote: f"“{quote}”\n\n{note}",
                                           view.draft.text),
                                result.view)


async def support(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Support a similar existing proposal instead of adding one's own draft."""
    turn = await Turn.begin(update, context)
    view = await draft_step(turn, update)
    if view is None:
        return
    press = pressed(update)
    similar = {s.proposal_id: s for s in view.draft.similar}
    proposal_id = press.int_arg(0)
    if proposal_id not in similar:
        await turn.stale()
        return
    outcome = await turn.engine.support_proposal(turn.user_id, view.survey_id, proposal_id,
                                                  version=view.survey_version)
    if outcome.error:
        await turn.reject(outcome)
        return
    await turn.acknowledge()
    text = fit_around(lambda quote: turn.text("proposal_supported", text=quote),
                      similar[proposal_id].text)
    await turn.edit_beside(update.callback_query.message, text, outcome.view)


async def edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop the draft; the citizen's next message is the new text."""
    turn = await Turn.begin(update, context)
    view = await draft_step(turn, update)
    if view is None:
        return
    outcome = await turn.engine.discard_draft(turn.user_id, view.survey_id,
                                               version=view.survey_version)
    if outcome.error:
        await turn.reject(outcome)
        return
    await turn.acknowledge()
    prompt = turn.text("proposal_edit_prompt")
    await turn.edit(
        update.callback_query.message,
        fit_around(lambda quote: f"“{quote}”\n\n{prompt}", view.draft.text),
    )
