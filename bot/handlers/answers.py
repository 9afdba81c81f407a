"""Answering the current step: choice, scale and multiple-choice buttons, "continue", "skip",
typed answers, anything else a citizen sends (stickers, photos, voice, locations), and edits
of messages already sent."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import callbacks as cb
from bot import keyboards, screens
from bot.handlers import proposals
from bot.handlers.citizen import join_any, pressed, pressed_text
from bot.turn import Turn
from surveys.model import StepType

# Rejections shown as a pop-up on the pressed keyboard, which stays as it is.
ALERT_CODES = ("too_few_choices", "too_many_choices")


async def current_step(turn: Turn, press: cb.Press | None) -> Any | None:
    """The citizen's current step if the pressed button belongs to it; else say it is stale."""
    if press is None:
        await turn.stale()
        return None
    return await turn.view_where(
        lambda view: view.status == "step" and screens.key_of(view) == press.key
    )


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    view = await turn.current_view()
    if view is None:
        await join_any(turn)
        return
    text = update.effective_message.text or ""  # type: ignore[union-attr]
    if view.status == "consent":
        await turn.show(view, turn.text("consent_first"))
    elif view.status != "step":
        await turn.show_current()
    elif view.step_type == StepType.FREE_TEXT:
        outcome = await turn.engine.answer(turn.user_id, view.survey_id, view.step_id, text,
                                           version=view.survey_version)
        if outcome.error:
            await turn.reject(outcome)
        else:
            await turn.show(outcome.view)
    elif view.step_type == StepType.PROPOSALS:
        await proposals.submit(turn, view, text)
    else:
        await turn.show(view, turn.text("expected_button"))


async def other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, photo, voice note, location, ...: never an answer; say what is expected."""
    turn = await Turn.begin(update, context)
    view = await turn.current_view()
    if view is None:
        await join_any(turn)
    elif view.status == "consent":
        await turn.show(view, turn.text("consent_first"))
    elif view.status == "step" and view.step_type in screens.TEXT_STEPS:
        await turn.show(view, turn.text("expected_text"))
    elif view.status == "step":
        await turn.show(view, turn.text("expected_button"))
    else:
        await turn.show_current()


async def choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A single-choice option or a scale value."""
    turn = await Turn.begin(update, context)
    press = pressed(update)
    view = await current_step(turn, press)
    if view is None:
        return
    if press.action == cb.SCALE:
        value: Any = press.int_arg(0)
        label = str(value)
    else:
        index = _index(press, view)
        if index is None:
            await turn.stale()
            return
        value, label = view.options[index].id, view.options[index].label
    outcome = await turn.engine.answer(turn.user_id, view.survey_id, view.step_id, value,
                                      version=view.survey_version)
    await answered(turn, update, outcome, label)


async def toggle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Flip one multiple-choice option; nothing is stored until Done."""
    turn = await Turn.begin(update, context)
    press = pressed(update)
    view = await current_step(turn, press)
    if view is None:
        return
    index = _index(press, view, arg=1)
    if index is None or view.step_type != StepType.MULTIPLE_CHOICE:
        await turn.stale()
        return
    chosen = frozenset(cb.chosen_of(press.args[0]) ^ {index})
    if index in chosen and view.max_choices and len(chosen) > view.max_choices:
        await turn.acknowledge(
            turn.text("rejected_too_many_choices", max=view.max_choices), alert=True
        )
        return
    await turn.acknowledge()
    labels = tuple(option.label for option in view.options)
    markup = keyboards.multiple_choice(turn.language, press.key, labels, chosen, view.optional)
    message = update.callback_query.message
    if not isinstance(message, Message):
        await turn.send(screens.step_screen(view, turn.language).text, markup)
        return
    await turn.edit_markup(message, markup)


async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Done on a multiple-choice step: record the ticked options."""
    turn = await Turn.begin(update, context)
    press = pressed(update)
    view = await current_step(turn, press)
    if view is None:
        return
    chosen = sorted(cb.chosen_of(press.args[0]))
    if any(index >= len(view.options) for index in chosen):
        await turn.stale()
        return
    ids = tuple(view.options[index].id for index in chosen)
    outcome = await turn.engine.answer(turn.user_id, view.survey_id, view.step_id, ids,
                                      version=view.survey_version)
    label = ", ".join(view.options[index].label for index in chosen)
    await answered(turn, update, outcome, label)


async def skip_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    view = await current_step(turn, pressed(update))
    if view is None:
        return
    outcome = await turn.engine.skip(turn.user_id, view.survey_id, view.step_id,
                                    version=view.survey_version)
    await answered(turn, update, outcome, turn.text("skipped"))


async def proceed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Continue (info), no more proposals, stop judging."""
    turn = await Turn.begin(update, context)
    view = await current_step(turn, pressed(update))
    if view is None:
        return
    outcome = await turn.engine.proceed(turn.user_id, view.survey_id, view.step_id,
                                       version=view.survey_version)
    if outcome.error:
        await turn.reject(outcome)
        return
    await turn.acknowledge()
    message = update.callback_query.message
    # The pressed screen keeps its text (an info text, the proposals question) without its
    # buttons, or says how many proposals were judged; the next step joins it when it can.
    if view.step_type == StepType.VOTE:
        note: str | None = turn.text("vote_done", count=view.votes_cast)
    else:
        note = pressed_text(update)
    if note:
        await turn.replace_in_place(message if isinstance(message, Message) else None,
                                    note, outcome.view)
    else:
        await turn.show(outcome.view)


async def answered(turn: Turn, update: Update, outcome: Any, label: str) -> None:
    """After a button answer: what the citizen chose, above what comes next."""
    if outcome.error:
        if outcome.error.code in ALERT_CODES:
            await turn.acknowledge(turn.rejection_text(outcome.error, outcome.view), alert=True)
        else:
            await turn.reject(outcome)
        return
    await turn.acknowledge()
    message = update.callback_query.message
    await turn.answer_in_place(
        message if isinstance(message, Message) else None,
        turn.text("answered", answer=label),
        outcome.view,
    )


def _index(press: cb.Press, view: Any, arg: int = 0) -> int | None:
    index = press.int_arg(arg)
    return index if index < len(view.options) else None


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A citizen edited a sent message (on a phone, the usual way to fix a typo).

    The answer was recorded, and the survey moved on, when the message first arrived; an edit
    cannot be matched safely to a step any more. Silence would let the citizen believe the edit
    counted, so say what was kept and how to change it.
    """
    turn = await Turn.begin(update, context)
    await turn.say("edit_not_read")
