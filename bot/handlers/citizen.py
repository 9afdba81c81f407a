"""Joining a consultation and the citizen's commands: /start, consent, /help, /status, /back,
/skip, /stop, /language, unknown commands."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot import callbacks as cb
from bot import keyboards, screens
from bot.i18n import LANGUAGES
from bot.turn import Turn


def pressed(update: Update) -> cb.Press | None:
    query = update.callback_query
    return cb.decode(query.data if query else None)


def pressed_text(update: Update) -> str | None:
    """The text of the message whose button was pressed (None when Telegram no longer has it)."""
    query = update.callback_query
    message = query.message if query else None
    return getattr(message, "text", None)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, /start SURVEY_ID (a deep link t.me/<bot>?start=SURVEY_ID), or any first text."""
    turn = await Turn.begin(update, context)
    if context.args:
        survey_id = context.args[0]
        info = await turn.engine.survey_info(survey_id)
        if info is None:  # the name as typed, on one line and short (it may be anything)
            await turn.say("survey_unknown", survey_id=screens.shorten(survey_id, 64))
            return
        if not info.available:
            await turn.send(turn.unavailable_text(info.unavailable_reason, _Titled(info, turn)))
            return
        await enter(turn, survey_id)
        return
    await join_any(turn)


async def join_any(turn: Turn) -> None:
    """Continue the citizen's survey, else start the only open one, else let them choose."""
    current = await turn.survey_id()
    if current is not None:
        view = await turn.engine.view(turn.user_id, current)
        if view.status != "unavailable":
            await enter(turn, current, view)
            return
        turn.forget()
    available = await turn.engine.available_surveys()
    if not available:
        await turn.say("no_open_survey")
    elif len(available) == 1:
        await enter(turn, available[0].id)
    else:
        choices = [(info.id, info.title.get(turn.survey_language(info.title.values)))
                   for info in available]
        await turn.say("choose_survey", keyboards.survey_choice(choices))


async def enter(turn: Turn, survey_id: str, view: Any = None) -> None:
    turn.remember_survey(survey_id)
    view = view if view is not None else await turn.engine.view(turn.user_id, survey_id)
    if view.status == "finished":
        await turn.say("already_completed", title=view.title)
    elif view.status == "step" and view.position > 1:
        await turn.show(view, turn.text("welcome_back"))
    else:
        await turn.show(view)


async def pick_survey(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    press = pressed(update)
    survey_id = await survey_for_token(turn, press.key if press else "")
    await turn.acknowledge()
    if survey_id is None:
        await turn.show_current(turn.text("stale_button"))
        return
    await enter(turn, survey_id)


async def consent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "I agree" button: the first moment anything about the citizen is stored."""
    turn = await Turn.begin(update, context)
    press = pressed(update)
    survey_id = await survey_for_token(turn, press.key if press else "")
    if survey_id is None:
        await turn.stale()
        return
    # The consent screen just shown is remembered; consent is idempotent in the engine, so the
    # remembered view is enough to tell a second tap (already "step") from the first.
    before = (turn.engine.remembered(turn.user_id, survey_id)
              or await turn.engine.view(turn.user_id, survey_id))
    if before.status != "consent":
        turn.remember_survey(survey_id)
        await turn.stale()
        return
    # The language the citizen reads the survey in is stored with the consent, in one
    # transaction: the bot's language, or their app's when the survey has that and the bot not.
    survey = await turn.engine.survey(survey_id)
    outcome = await turn.engine.consent(turn.user_id, survey_id,
                                        language=turn.survey_language(survey.languages))
    if outcome.error:
        await turn.reject(outcome)
        return
    await turn.acknowledge()
    turn.remember_survey(survey_id)
    view = outcome.view
    intro = view.intro.strip() if view.intro else ""  # the intro above step 1
    text = pressed_text(update)
    if text:
        consented = f"{text}\n\n{turn.text('consent_yes')}"
        await turn.edit_beside(update.callback_query.message, consented, view, intro)
    else:
        await turn.show(view, intro)


async def decline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    await turn.acknowledge()
    await turn.edit(update.callback_query.message, turn.text("consent_declined"))


async def survey_for_token(turn: Turn, token: str) -> str | None:
    for info in await turn.engine.list_surveys():
        if cb.survey_token(info.id) == token:
            return info.id
    return None


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    text = turn.text("help")
    if turn.is_organiser:
        text += "\n\n" + turn.text("help_organiser")
    await turn.send(text)


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    view = await turn.current_view()
    if view is None:
        await turn.say("status_none")
    elif view.status == "step":
        await turn.say("status", title=view.title, number=view.position, total=view.total)
    elif view.status == "finished":
        await turn.say("status_completed", title=view.title)
    else:
        await turn.show(view)


async def back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    survey_id = await turn.survey_id()
    if survey_id is None:
        await turn.say("status_none")
        return
    outcome = await turn.engine.back(turn.user_id, survey_id)
    if outcome.error:
        await turn.reject(outcome)
    else:
        await turn.show(outcome.view)


async def skip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    view = await turn.current_view()
    if view is None or view.status != "step":
        await turn.show_current()
        return
    outcome = await turn.engine.skip(turn.user_id, view.survey_id, view.step_id)
    if outcome.error:
        await turn.reject(outcome)
    else:
        await turn.show(outcome.view)


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    await turn.say("stopped")


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    await turn.say("language_choose", keyboards.languages())


async def choose_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A language button. Stored only once the citizen has consented; before that it is kept in
    memory and stored together with the consent."""
    turn = await Turn.begin(update, context)
    press = pressed(update)
    if press is None or press.key not in LANGUAGES:
        await turn.stale()
        return
    await turn.acknowledge()
    turn.set_language(press.key)
    view = await turn.current_view()
    if view is not None and view.status in ("step", "finished"):
        await turn.engine.set_language(turn.user_id, press.key)
        view = await turn.engine.view(turn.user_id, view.survey_id)
    await turn.edit(update.callback_query.message, turn.text("language_set"))
    if view is not None and view.status in ("step", "consent"):
        await turn.show(view)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    await turn.show_current(turn.text("unknown_command"))


class _Titled:
    """A SurveyInfo dressed as a view for `Turn.unavailable_text`."""

    def __init__(self, info: Any, turn: Turn) -> None:
        self.survey_id = info.id
        self.title = info.title.get(turn.language) if info.title else info.id
