"""Citizens' and organisers' text as it is stored: normalised, and never invisible.

A proposal made only of zero-width or direction-control characters was accepted and shown to
voters as an empty quote; a stray right-to-left override in a proposal reverses the bot's own
words after it on the citizen's screen. So every free text (answers, proposals, survey texts) is
cleaned the same way before it is checked or stored:

- NFC normalisation (the same words compare and count the same however they were typed);
- control characters other than newline and tab are dropped, and other line breaks (\\r, U+2028,
  U+2029, U+0085) become newlines;
- explicit direction embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are
  dropped: they would leak into the text around the quote. The implicit marks LRM, RLM and ALM
  stay; ordinary right-to-left text needs none of the dropped ones;
- zero-width space, word joiner, invisible operators and the byte-order mark are dropped. The
  zero-width (non-)joiner stays (emoji sequences and several scripts need them), as do variation
  selectors and tag characters (emoji flags), but none of these counts as something to see.

Text then counts as empty unless at least one character is visible: a letter, digit,
punctuation mark or symbol that is not one of the blank-looking letters (Hangul fillers, the
braille blank, ...).
"""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile(r"\r\n?|[\u0085\u2028\u2029]")
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLE = frozenset("\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad")
_KEPT_CONTROLS = frozenset("\n\t")
# Letters and symbols that render as nothing at all.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_VISIBLE_CATEGORIES = ("L", "N", "P", "S")


def clean_text(text: str) -> str:
    """`text` normalised as described in the module docstring, with outer whitespace stripped."""
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", text))
    kept = [
        char
        for char in text
        if char not in _DIRECTION_CONTROLS
        and char not in _INVISIBLE
        and (char in _KEPT_CONTROLS or unicodedata.category(char) != "Cc")
    ]
    return "".join(kept).strip()


def is_visible(char: str) -> bool:
    return unicodedata.category(char).startswith(_VISIBLE_CATEGORIES) and char not in _BLANK_LOOKING


def has_visible_content(text: str) -> bool:
    """Whether any character of `text` shows on a screen."""
    return any(is_visible(char) for char in text)
