"""Compact callback data for inline buttons (Telegram allows at most 64 bytes).

A button says what it does and which screen it belongs to: ``ACTION:KEY:ARG...``. For a survey
step KEY is a short hash of (survey, version, step), so a press on a button from an old message
(an earlier step, an older version of the survey, a message from before /back) is recognised as
stale instead of being applied to whatever the citizen sees now. Vote buttons also carry the
proposal id, because one step shows many proposals.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

MAX_BYTES = 64

# Step screens
CHOICE = "c"  # KEY, option index
SCALE = "n"  # KEY, value
TOGGLE = "t"  # KEY, chosen-options bitmask (hex), option index to flip
DONE = "d"  # KEY, chosen-options bitmask (hex): multiple choice is complete
PROCEED = "g"  # KEY: info "continue", proposals "no more", vote "stop judging"
SKIP = "k"  # KEY
SUPPORT = "s"  # KEY, proposal id: support an existing proposal instead of one's draft
CONFIRM = "y"  # KEY: add my draft proposal
EDIT = "e"  # KEY: rewrite my draft proposal
VOTE = "v"  # KEY, proposal id, a|d|p
REPORT = "r"  # KEY, proposal id
# Screens outside the steps
CONSENT = "ok"  # survey token
DECLINE = "no"  # survey token
PICK = "pk"  # survey token: join this survey
LANGUAGE = "lg"  # language code
DELETE = "dl"  # y|n
MODERATE = "md"  # proposal id, a|r
REPORTED = "rp"  # proposal id, k|r: an organiser's decision on a citizen's report

STEP_ACTIONS = (CHOICE, SCALE, TOGGLE, DONE, PROCEED, SKIP, SUPPORT, CONFIRM, EDIT, VOTE, REPORT)
VOTE_CODES = {"a": "agree", "d": "disagree", "p": "pass"}


# What may follow each action, one regular expression per part: the key, then the arguments.
# Digits are ASCII digits only (`str.isdigit` also accepts '²' and other digits `int` refuses),
# numbers have at most nine of them, and every part has exactly the form this bot writes. Data
# of any other shape was not made by this bot (a forged or corrupted press) and decodes to None.
_STEP_KEY = r"[A-Za-z0-9_-]{4}"  # short_hash: four url-safe base64 characters
_NUMBER = r"0|[1-9][0-9]{0,8}"
_SIGNED = r"0|-?[1-9][0-9]{0,8}"
_MASK = r"[0-9a-f]{1,8}"  # mask_of: at most 20 options, so 5 hex digits in practice
_GRAMMAR: dict[str, tuple[str, ...]] = {
    CHOICE: (_STEP_KEY, _NUMBER),
    SCALE: (_STEP_KEY, _SIGNED),
    TOGGLE: (_STEP_KEY, _MASK, _NUMBER),
    DONE: (_STEP_KEY, _MASK),
    PROCEED: (_STEP_KEY,),
    SKIP: (_STEP_KEY,),
    SUPPORT: (_STEP_KEY, _NUMBER),
    CONFIRM: (_STEP_KEY,),
    EDIT: (_STEP_KEY,),
    VOTE: (_STEP_KEY, _NUMBER, "[" + "".join(VOTE_CODES) + "]"),
    REPORT: (_STEP_KEY, _NUMBER),
    CONSENT: (_STEP_KEY,),
    DECLINE: (_STEP_KEY,),
    PICK: (_STEP_KEY,),
    LANGUAGE: ("[a-z]{2}",),
    DELETE: ("[yn]",),
    MODERATE: (_NUMBER, "[ar]"),
    REPORTED: (_NUMBER, "[kr]"),
}
_FORMS = {
    action: re.compile(":".join(f"({part})" for part in (re.escape(action), *parts)), re.ASCII)
    for action, parts in _GRAMMAR.items()
}


@dataclass(frozen=True)
class Press:
    """A decoded button press, already checked against the form its action's buttons have."""

    action: str
    key: str
    args: tuple[str, ...]

    def int_arg(self, index: int) -> int:
        """An argument the grammar says is a number (so this cannot raise)."""
        return int(self.args[index])

    def int_key(self) -> int:
        """The key of an organiser's button, a proposal id."""
        return int(self.key)


@lru_cache(maxsize=4096)  # every screen and every press asks for its step's key
def short_hash(*parts: object) -> str:
    """Four url-safe characters (24 bits): unique enough to tell a citizen's screens apart."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=3).digest()
    return base64.urlsafe_b64encode(digest).decode()


def step_key(survey_id: str, survey_version: int | str, step_id: str) -> str:
    return short_hash(survey_id, survey_version, step_id)


def survey_token(survey_id: str) -> str:
    return short_hash("survey", survey_id)


def encode(action: str, key: str = "", *args: object) -> str:
    data = ":".join([action, key, *map(str, args)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Press | None:
    """The press, or None for data this bot did not make (or could not have made)."""
    if not data or len(data) > MAX_BYTES:
        return None
    action = data.partition(":")[0]
    form = _FORMS.get(action)
    match = form.fullmatch(data) if form is not None else None
    if match is None:
        return None
    key, *args = match.groups()[1:]
    return Press(action, key, tuple(args))


def pattern(*actions: str) -> re.Pattern[str]:
    """A regular expression for `CallbackQueryHandler(pattern=...)` matching these actions.

    Compiled once: PTB matches a string pattern through `re.match`, which looks it up in
    `re`'s cache on every button press, for every button handler it tries.
    """
    return re.compile("^(" + "|".join(actions) + "):")


def mask_of(chosen: set[int]) -> str:
    return format(sum(1 << index for index in chosen), "x")


def chosen_of(mask: str) -> set[int]:
    bits = int(mask, 16)
    return {index for index in range(bits.bit_length()) if bits >> index & 1}
