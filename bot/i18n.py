"""Every text the bot says, in Dutch and English: `t(language, key, **values)`.

The language comes from the Telegram client's `language_code` until the citizen picks one with
/language; the engine stores that choice. Survey content (questions, options) is translated in
the survey file itself, possibly into more languages than the bot speaks (`survey_language`).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.locales import CATALOGUES

LANGUAGES: tuple[str, ...] = ("nl", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def language_for(language_code: str | None, default: str = "nl") -> str:
    """The catalogue for a Telegram client language ('nl', 'nl-BE', 'en-GB', 'de', None).

    Dutch clients get Dutch; other known languages get English, which more of them read than
    Dutch; no language code at all gets `default`.
    """
    if not language_code:
        return default
    base = language_code.split("-")[0].lower()
    if base in LANGUAGES:
        return base
    return "en"


def survey_language(language_code: str | None, bot_language: str, available: Iterable[str]) -> str:
    """The language to show a survey's own texts in (title, privacy, questions, options).

    The bot speaks Dutch and English, but an organiser may translate a survey into more
    languages (German, Turkish, Arabic, ...). A citizen whose Telegram app is set to one of
    those reads the survey in it, with the bot's own messages in `bot_language`; everyone else
    reads the survey in `bot_language` (their app's language, or their /language choice).
    """
    client = (language_code or "").split("-")[0].lower()
    if client not in LANGUAGES and client in available:
        return client
    return bot_language


def t(language: str, key: str, **values: object) -> str:
    """The message `key` in `language` (Dutch when unknown), with `values` filled in."""
    catalogue = CATALOGUES.get(language, CATALOGUES["nl"])
    text = catalogue[key]
    return text.format(**values) if values else text
