"""Inline keyboards: one function per screen, labels from the catalogue, data from `callbacks`.

A keyboard is returned as the Bot API's JSON text of an ``InlineKeyboardMarkup`` (`Keyboard`),
ready to send: python-telegram-bot passes a string parameter through unchanged, so a turn builds
no ``InlineKeyboardButton`` objects and serialises nothing. The keyboards of survey steps depend
only on (language, step key, labels, the previous answer, ...), so they are cached: under load
thousands of citizens see the same few dozen keyboards. Multiple-choice toggles and vote items
vary more, but each of their keyboards is still shown to many citizens; the caches are bounded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot import callbacks as cb
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, t

Keyboard = str  # an InlineKeyboardMarkup as JSON text: {"inline_keyboard": [[{...}, ...], ...]}
Button = dict[str, str]

CHECK = "✓ "
SCALE_BUTTONS_PER_ROW = 6
STEP_CACHE_SIZE = 4096  # (language, step, previous answer) combinations
ITEM_CACHE_SIZE = 16384  # vote items and multiple-choice selections


def _button(label: str, *data: object) -> Button:
    return {"text": label, "callback_data": cb.encode(*map(str, data))}


def _markup(rows: Iterable[Sequence[Button]]) -> Keyboard:
    return json.dumps({"inline_keyboard": [list(row) for row in rows if row]})


def parse(keyboard: Keyboard) -> list[list[Button]]:
    """The rows of buttons of a keyboard (for tests and logs)."""
    return json.loads(keyboard)["inline_keyboard"]


def _skip_row(language: str, key: str, optional: bool) -> list[Button]:
    return [_button(t(language, "skip_button"), cb.SKIP, key)] if optional else []


@lru_cache(maxsize=STEP_CACHE_SIZE)
def single_choice(
    language: str, key: str, labels: tuple[str, ...], previous: int | None, optional: bool
) -> Keyboard:
    rows = [
        [_button((CHECK if index == previous else "") + label, cb.CHOICE, key, index)]
        for index, label in enumerate(labels)
    ]
    return _markup([*rows, _skip_row(language, key, optional)])


@lru_cache(maxsize=ITEM_CACHE_SIZE)
def multiple_choice(
    language: str, key: str, labels: tuple[str, ...], chosen: frozenset[int], optional: bool
) -> Keyboard:
    """Toggles: every press flips one option and the whole selection rides in the button data,
    so nothing is stored until Done and the keyboard survives a restart of the bot."""
    mask = cb.mask_of(chosen)
    rows = [
        [_button((CHECK if index in chosen else "") + label, cb.TOGGLE, key, mask, index)]
        for index, label in enumerate(labels)
    ]
    done = [_button(t(language, "multiple_done"), cb.DONE, key, mask)]
    return _markup([*rows, done, _skip_row(language, key, optional)])


@lru_cache(maxsize=STEP_CACHE_SIZE)
def scale(
    language: str, key: str, minimum: int, maximum: int, previous: int | None, optional: bool
) -> Keyboard:
    buttons = [
        _button((CHECK if value == previous else "") + str(value), cb.SCALE, key, value)
        for value in range(minimum, maximum + 1)
    ]
    rows = [
        buttons[start : start + SCALE_BUTTONS_PER_ROW]
        for start in range(0, len(buttons), SCALE_BUTTONS_PER_ROW)
    ]
    return _markup([*rows, _skip_row(language, key, optional)])


@lru_cache(maxsize=STEP_CACHE_SIZE)
def proceed(language: str, key: str, label_key: str) -> Keyboard:
    return _markup([[_button(t(language, label_key), cb.PROCEED, key)]])


@lru_cache(maxsize=STEP_CACHE_SIZE)
def skip_only(language: str, key: str) -> Keyboard:
    return _markup([_skip_row(language, key, True)])


def draft(language: str, key: str, similar_ids: Sequence[int]) -> Keyboard:
    support = [
        _button(t(language, "proposal_support_button", number=number), cb.SUPPORT, key, pid)
        for number, pid in enumerate(similar_ids, start=1)
    ]
    confirm_label = "proposal_submit_mine" if similar_ids else "proposal_confirm"
    return _markup([
        support,
        [
            _button(t(language, confirm_label), cb.CONFIRM, key),
            _button(t(language, "proposal_edit"), cb.EDIT, key),
        ],
    ])


@lru_cache(maxsize=ITEM_CACHE_SIZE)
def vote(language: str, key: str, proposal_id: int) -> Keyboard:
    return _markup([
        [
            _button(t(language, "vote_agree"), cb.VOTE, key, proposal_id, "a"),
            _button(t(language, "vote_disagree"), cb.VOTE, key, proposal_id, "d"),
            _button(t(language, "vote_pass"), cb.VOTE, key, proposal_id, "p"),
        ],
        [
            _button(t(language, "vote_report"), cb.REPORT, key, proposal_id),
            _button(t(language, "vote_stop"), cb.PROCEED, key),
        ],
    ])


@lru_cache(maxsize=STEP_CACHE_SIZE)
def consent(language: str, survey_id: str) -> Keyboard:
    token = cb.survey_token(survey_id)
    return _markup([
        [_button(t(language, "consent_yes"), cb.CONSENT, token)],
        [_button(t(language, "consent_no"), cb.DECLINE, token)],
    ])


def survey_choice(surveys: Sequence[tuple[str, str]]) -> Keyboard:
    """One button per (survey id, title)."""
    return _markup([[_button(title, cb.PICK, cb.survey_token(sid))] for sid, title in surveys])


@lru_cache(maxsize=1)
def languages() -> Keyboard:
    return _markup([[_button(LANGUAGE_NAMES[code], cb.LANGUAGE, code) for code in LANGUAGES]])


def delete_confirmation(language: str) -> Keyboard:
    return _markup([
        [_button(t(language, "delete_yes"), cb.DELETE, "y")],
        [_button(t(language, "delete_no"), cb.DELETE, "n")],
    ])


def moderation(language: str, proposal_id: int) -> Keyboard:
    return _markup([[
        _button(t(language, "moderate_approve"), cb.MODERATE, proposal_id, "a"),
        _button(t(language, "moderate_reject"), cb.MODERATE, proposal_id, "r"),
    ]])


def report_decision(language: str, proposal_id: int) -> Keyboard:
    return _markup([[
        _button(t(language, "report_keep"), cb.REPORTED, proposal_id, "k"),
        _button(t(language, "report_remove"), cb.REPORTED, proposal_id, "r"),
    ]])
