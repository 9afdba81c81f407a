"""Every text the bot says, in Dutch and English: `t(language, key, **values)`.

The language comes from the Telegram client's `language_code` until the citizen picks one with
/language; the engine stores that choice. Survey content (questions, options) is translated in
the survey file itself and read with `LocalizedText.get(language)`.
"""

from __future__ import annotations

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


def t(language: str, key: str, **values: object) -> str:
    """The message `key` in `language` (Dutch when unknown), with `values` filled in."""
    catalogue = CATALOGUES.get(language, CATALOGUES["nl"])
    text = catalogue[key]
    return text.format(**values) if values else text
