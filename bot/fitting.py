"""Every message the bot builds fits Telegram's limits, whatever the survey and citizens wrote.

Telegram counts a message's length in UTF-16 code units (an emoji outside the BMP counts two)
and refuses a text over 4,096 of them, a caption over 1,024, a callback answer over 200. A
refused message is worse than a shortened one: the citizen never gets their next question.

Survey files are checked so that survey texts and the longest proposal a survey allows fit
with the bot's words around them (`surveys.messagefit`); here the bot makes sure anyway:
`fit_around` shortens the one quoted text (a proposal, a pressed message) so the whole message
fits, and `fit`, applied to every text sent (`Turn.call`), cuts what still does not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from surveys.messagefit import MESSAGE_UNITS, units

log = logging.getLogger(__name__)

CAPTION_UNITS = 1024
ALERT_UNITS = 200  # the text of answerCallbackQuery
ELLIPSIS = "…"


def cut(text: str, limit: int) -> str:
    """`text` if it fits in `limit` UTF-16 units, else its start and "…" in exactly that many
    or fewer (a character is never split, so a surrogate pair stays whole)."""
    if units(text) <= limit:
        return text
    budget = limit - units(ELLIPSIS)
    kept: list[str] = []
    for char in text:
        budget -= 2 if ord(char) > 0xFFFF else 1
        if budget < 0:
            break
        kept.append(char)
    return "".join(kept).rstrip() + ELLIPSIS if limit >= units(ELLIPSIS) else ""


def fit(text: str, limit: int = MESSAGE_UNITS) -> str:
    """The last resort for a text about to be sent: cut (and logged, as the screens should have
    made it fit) when it is over `limit` units."""
    if units(text) <= limit:
        return text
    log.warning("a message of %d UTF-16 units was cut to Telegram's %d", units(text), limit)
    return cut(text, limit)


def fit_around(render: Callable[[str], str], quote: str, limit: int = MESSAGE_UNITS) -> str:
    """`render(quote)`, with `quote` shortened just enough for the whole to fit in `limit`."""
    whole = render(quote)
    over = units(whole) - limit
    if over <= 0:
        return whole
    return fit(render(cut(quote, max(0, units(quote) - over))), limit)
