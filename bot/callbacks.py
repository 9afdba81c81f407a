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


@dataclass(frozen=True)
class Press:
    """A decoded button press."""

    action: str
    key: str
    args: tuple[str, ...]

    def int_arg(self, index: int) -> int:
        return int(self.args[index])


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
    """None for data this bot did not make (or could not have made)."""
    if not data:
        return None
    action, _, rest = data.partition(":")
    key, *args = rest.split(":") if rest else [""]
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
