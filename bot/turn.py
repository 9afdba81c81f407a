"""One update from one citizen: who they are, their language, their survey, and how to answer.

Handlers start with ``turn = await Turn.begin(update, context)`` and reply through it. The
citizen's place lives in the database (the engine); the Application only caches which survey
and language a citizen uses, and rebuilds that cache from the engine after a restart.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes
from telegram.warnings import PTBUserWarning

from bot import screens
from bot.config import BotSettings
from bot.fitting import ALERT_UNITS, fit, fit_around
from bot.i18n import LANGUAGES, language_for, survey_language, t
from bot.keyboards import Keyboard
from bot.locales import CATALOGUES
from surveys.messagefit import MESSAGE_UNITS, units

log = logging.getLogger(__name__)

# The bot never reads what Telegram returns for the messages it sends, edits or the button
# presses it answers, yet PTB's typed methods build a full Message (with its keyboard) from every
# reply: about a fifth of the bot's CPU under load (bench/bot_throughput.py --profile). These
# calls go through the documented `Bot.do_api_request`, which returns the reply as JSON and
# still passes the rate limiter; it warns that a typed method exists, which here is the point.
RAW_METHODS = ("send_message", "edit_message_text", "edit_message_reply_markup",
               "answer_callback_query")


def quiet_raw_call_warnings() -> None:
    """Silence only the "Please use Bot.<typed method>" warning, only for RAW_METHODS (called
    when the Application is built)."""
    warnings.filterwarnings(
        "ignore", message=rf"Please use 'Bot\.({'|'.join(RAW_METHODS)})'",
        category=PTBUserWarning,
    )

# Keys in `application.bot_data`.
ENGINE = "engine"
SETTINGS = "settings"
LANGUAGE_CACHE = "languages"
SURVEY_CACHE = "surveys"

# Engine rejection codes whose message is a general one rather than `rejected_<code>`.
REJECTION_KEYS = {
    "no_consent": "consent_first",
    "not_current": "stale_button",
    "not_an_option": "stale_button",
    "not_a_vote": "stale_button",
    "no_draft": "stale_button",
    "wrong_step_type": "expected_button",
    "not_optional": "skip_not_optional",
    "at_start": "back_not_possible",
}

UNAVAILABLE_KEYS = {
    "not_found": "survey_unknown",
    "draft": "survey_not_open",
    "not_yet_open": "survey_not_open",
    "closed": "survey_closed",
    "ended": "survey_closed",
}


class Turn:
    def __init__(self, update: Update, context: ContextTypes.DEFAULT_TYPE, language: str) -> None:
        self.update = update
        self.context = context
        self.language = language
        self.user_id: int = update.effective_user.id  # type: ignore[union-attr]
        self.chat_id: int = update.effective_chat.id  # type: ignore[union-attr]
        self._query_answered = False

    @classmethod
    async def begin(cls, update: Update, context: ContextTypes.DEFAULT_TYPE) -> Turn:
        return cls(update, context, await language_of(update, context))

    # --- what the Application knows ---
    @property
    def engine(self) -> Any:
        return self.context.bot_data[ENGINE]

    @property
    def settings(self) -> BotSettings:
        return self.context.bot_data[SETTINGS]

    @property
    def is_organiser(self) -> bool:
        return self.settings.is_organiser(self.user_id)

    def survey_language(self, available: Iterable[str]) -> str:
        """The language to show a survey's texts in, of the `available` ones (see i18n)."""
        user = self.update.effective_user
        return survey_language(user.language_code if user else None, self.language, available)

    def set_language(self, language: str) -> None:
        self.language = language
        self.context.bot_data[LANGUAGE_CACHE][self.user_id] = language

    def remember_survey(self, survey_id: str) -> None:
        self.context.bot_data[SURVEY_CACHE][self.user_id] = survey_id

    def forget(self) -> None:
        """Drop the cached survey and language (after /delete)."""
        self.context.bot_data[SURVEY_CACHE].pop(self.user_id, None)
        self.context.bot_data[LANGUAGE_CACHE].pop(self.user_id, None)

    async def survey_id(self) -> str | None:
        """The survey this citizen takes part in, or None.

        Cached per process; after a restart it is found again from the open surveys: the one the
        citizen is in the middle of, else one they finished, else the only one open.
        """
        cache: dict[int, str] = self.context.bot_data[SURVEY_CACHE]
        if self.user_id in cache:
            return cache[self.user_id]
        available = await self.engine.available_surveys()
        ranked: list[tuple[int, str]] = []
        for info in available:
            view = await self.engine.view(self.user_id, info.id)
            rank = {"step": 0, "finished": 1}.get(view.status)
            if rank is not None:
                ranked.append((rank, info.id))
        if ranked:
            survey_id = min(ranked)[1]
        elif len(available) == 1:
            survey_id = available[0].id
        else:
            return None
        cache[self.user_id] = survey_id
        return survey_id

    async def current_view(self, fresh: bool = False) -> Any | None:
        """Where the citizen is: the view the engine last returned, or (`fresh`) asked anew."""
        survey_id = await self.survey_id()
        if survey_id is None:
            return None
        remembered = None if fresh else self.engine.remembered(self.user_id, survey_id)
        return remembered or await self.engine.view(self.user_id, survey_id)

    async def view_where(self, accept: Callable[[Any], bool]) -> Any | None:
        """The current view if `accept(view)` (a pressed button belongs to it); else, after
        checking with the engine, say the button is stale and return None."""
        view = await self.current_view()
        if view is not None and accept(view):
            return view
        view = await self.current_view(fresh=True)
        if view is not None and accept(view):
            return view
        await self.stale()
        return None

    # --- replying ---
    def text(self, key: str, **values: object) -> str:
        return t(self.language, key, **values)

    async def say(
        self, key: str, markup: Keyboard | None = None, **values: object
    ) -> None:
        await self.send(self.text(key, **values), markup)

    async def call(self, method: str, **parameters: object) -> Any:
        """A Bot API call (one of RAW_METHODS) whose reply stays JSON; None values are left out.
        Every text goes out fitted to Telegram's limit (bot.fitting)."""
        return await call_fitted(self.context.bot, method, parameters)

    async def send(self, text: str, markup: Keyboard | None = None) -> None:
        await self.call("send_message", chat_id=self.chat_id, text=text, reply_markup=markup)

    async def edit(
        self, message: Message | None, text: str, markup: Keyboard | None = None,
        *, resend: bool = True,
    ) -> None:
        """Rewrite a message the bot sent (a pressed screen); a vanished one gets a new one
        (unless not `resend`)."""
        if message is None:
            if resend:
                await self.send(text, markup)
            return
        try:
            await self.call("edit_message_text", chat_id=self.chat_id,
                            message_id=message.message_id, text=text, reply_markup=markup)
        except BadRequest as error:
            if "not modified" in str(error).lower():
                return
            if "not found" in str(error).lower() or "can't be edited" in str(error).lower():
                if resend:
                    await self.send(text, markup)
                return
            raise

    async def edit_beside(
        self, message: Message | None, text: str, view: Any, prefix: str = ""
    ) -> None:
        """Rewrite the pressed message as `text` and, at the same time, send `view` below it.

        An edit changes a message where it stands, so the new message cannot overtake it: the
        two calls overlap and the citizen waits one round trip instead of two. A pressed
        message that has vanished is not sent again: it would land below the new screen.
        """
        if message is None:  # nothing to rewrite (too old to edit): a new message, above
            await self.send(text)
            await self.show(view, prefix)
            return
        await asyncio.gather(self.edit(message, text, resend=False), self.show(view, prefix))

    async def edit_markup(self, message: Message, markup: Keyboard) -> None:
        """Change only the keyboard of a message the bot sent (a multiple-choice toggle)."""
        try:
            await self.call("edit_message_reply_markup", chat_id=self.chat_id,
                            message_id=message.message_id, reply_markup=markup)
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                raise

    async def acknowledge(self, text: str | None = None, alert: bool = False) -> None:
        """Answer the pressed button's callback query (once), optionally with a toast.

        The answer only stops the button's spinner (or shows the toast); it is no message in
        the chat, so it need not wait its turn: it runs beside whatever the handler sends next
        and the round trips overlap. `Application.create_task` keeps it tracked (awaited on
        shutdown).
        """
        query = self.update.callback_query
        if query is None or self._query_answered:
            return
        self._query_answered = True
        self.context.application.create_task(self._answer_query(query.id, text, alert))

    async def _answer_query(self, query_id: str, text: str | None, alert: bool) -> None:
        try:
            await self.call("answer_callback_query", callback_query_id=query_id, text=text,
                            show_alert=alert or None)
        except TelegramError as error:
            # "query is too old": pressed while the bot was down; or the network failed. The
            # press is still handled; only the little spinner on the button could not be
            # stopped, which is no reason to tell the citizen something went wrong.
            log.info("could not answer a callback query: %s", error)

    def _screen_with_buttons(self, view: Any, note: str) -> screens.Screen | None:
        """The next step's screen when it can share one message with `note`: a step with
        buttons (a question to type the answer to reads better as a new message below) that
        fits in one Telegram message together with the note."""
        if view.status != "step":
            return None
        screen = screens.step_screen(view, self.language)
        if screen.markup is None or units(note) + 2 + units(screen.text) > MESSAGE_UNITS:
            return None
        self.remember_survey(view.survey_id)
        return screen

    async def answer_in_place(self, message: Message | None, note: str, view: Any) -> None:
        """After a button answer: the pressed message becomes `note` (what the citizen chose)
        above the next step, in one edit instead of an edit plus a new message. A next step
        without buttons (a question to type the answer to) and anything else (the end, an
        unavailable survey) come as a new message below the pressed screen, as a reply does."""
        screen = self._screen_with_buttons(view, note)
        if screen is not None:
            await self.edit(message, f"{note}\n\n{screen.text}", screen.markup)
            return
        text = getattr(message, "text", None)
        if text:
            await self.edit_beside(message, fit_around(lambda shown: f"{shown}\n\n{note}", text),
                                   view)
        else:
            await self.show(view)

    async def replace_in_place(self, message: Message | None, note: str, view: Any) -> None:
        """The pressed message becomes `note` (an info text read, a proposal added, judging
        stopped) with the next step below it, in one edit when the next step has buttons;
        otherwise the message becomes `note` and the next step comes as a new message."""
        screen = self._screen_with_buttons(view, note)
        if screen is not None:
            await self.edit(message, f"{note}\n\n{screen.text}", screen.markup)
            return
        await self.edit_beside(message, note, view)

    async def show(self, view: Any, prefix: str = "") -> None:
        """Send what `view` says the citizen should see now, after `prefix` (a short note)."""
        lead = f"{prefix}\n\n" if prefix else ""
        if view.status == "step":
            self.remember_survey(view.survey_id)
            screen = screens.step_screen(view, self.language)
            await self.send(lead + screen.text, screen.markup)
        elif view.status == "consent":
            survey = await self.engine.survey(view.survey_id)
            screen = screens.consent_screen(survey, self.language,
                                            self.survey_language(survey.languages))
            await self.send(lead + screen.text, screen.markup)
        elif view.status == "finished":
            if prefix:
                await self.send(prefix)
            comparison = await self.engine.comparison(self.user_id, view.survey_id)
            await self.send(screens.end_text(view, comparison, self.language))
        else:
            await self.send(lead + self.unavailable_text(view.unavailable_reason, view))

    async def show_current(self, prefix: str = "") -> None:
        """Send the citizen's current step (or how to begin), after `prefix`."""
        view = await self.current_view()
        if view is None:
            await self.send((f"{prefix}\n\n" if prefix else "") + self.text("status_none"))
        elif view.status == "finished":
            title = view.title or view.survey_id
            await self.send(
                (f"{prefix}\n\n" if prefix else "") + self.text("already_completed", title=title)
            )
        else:
            await self.show(view, prefix)

    async def stale(self) -> None:
        """A button from an old screen: say so and show where the citizen is now."""
        await self.acknowledge()
        await self.show_current(self.text("stale_button"))

    async def reject(self, outcome: Any) -> None:
        """An engine rejection: a short explanation and the (unchanged) current step again."""
        await self.acknowledge()
        await self.show(outcome.view, self.rejection_text(outcome.error, outcome.view))

    def rejection_text(self, rejection: Any, view: Any) -> str:
        if rejection.code == "survey_unavailable":
            return self.unavailable_text(rejection.params.get("reason"), view)
        key = REJECTION_KEYS.get(rejection.code, f"rejected_{rejection.code}")
        if key not in CATALOGUES["en"]:
            log.warning("no message for engine rejection %r", rejection.code)
            return self.text("error_plain")
        try:
            return self.text(key, **dict(rejection.params))
        except KeyError:
            log.warning("engine rejection %r lacks a placeholder", rejection.code)
            return self.text("error_plain")

    def unavailable_text(self, reason: str | None, view: Any) -> str:
        key = UNAVAILABLE_KEYS.get(reason or "closed", "survey_closed")
        title = getattr(view, "title", "") or getattr(view, "survey_id", "")
        return self.text(key, title=title, survey_id=getattr(view, "survey_id", ""))


async def call_fitted(bot: Any, method: str, parameters: dict[str, object]) -> Any:
    """`bot.do_api_request(method)` with its text (or a callback answer's) cut to Telegram's
    limit: the one way the bot's handlers send, so no message of theirs can be refused for
    its length (a refused message would leave the citizen without their next question)."""
    text = parameters.get("text")
    if isinstance(text, str):
        limit = ALERT_UNITS if method == "answer_callback_query" else MESSAGE_UNITS
        parameters = {**parameters, "text": fit(text, limit)}
    return await bot.do_api_request(method, api_kwargs=parameters)


async def language_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The citizen's chosen language, else their Telegram client's, else the default."""
    user = update.effective_user
    settings: BotSettings = context.bot_data[SETTINGS]
    if user is None:
        return settings.default_language
    cache: dict[int, str] = context.bot_data[LANGUAGE_CACHE]
    if user.id not in cache:
        stored = await context.bot_data[ENGINE].language(user.id)
        if stored in LANGUAGES:
            cache[user.id] = stored
        else:
            cache[user.id] = language_for(user.language_code, settings.default_language)
    return cache[user.id]
