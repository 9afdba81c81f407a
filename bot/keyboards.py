"""Inline keyboards: one function per screen, labels from the catalogue, data from `callbacks`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, t

CHECK = "✓ "
SCALE_BUTTONS_PER_ROW = 6


def _button(label: str, *data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=cb.encode(*map(str, data)))


def _markup(rows: Iterable[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(row) for row in rows if row])


def _skip_row(language: str, key: str, optional: bool) -> list[InlineKeyboardButton]:
    return [_button(t(language, "skip_button"), cb.SKIP, key)] if optional else []


def single_choice(
    language: str, key: str, labels: Sequence[str], previous: int | None, optional: bool
) -> InlineKeyboardMarkup:
    rows = [
        [_button((CHECK if index == previous else "") + label, cb.CHOICE, key, index)]
        for index, label in enumerate(labels)
    ]
    return _markup([*rows, _skip_row(language, key, optional)])


def multiple_choice(
    language: str, key: str, labels: Sequence[str], chosen: set[int], optional: bool
) -> InlineKeyboardMarkup:
    """Toggles: every press flips one option and the whole selection rides in the button data,
    so nothing is stored until Done and the keyboard survives a restart of the bot."""
    mask = cb.mask_of(chosen)
    rows = [
        [_button((CHECK if index in chosen else "") + label, cb.TOGGLE, key, mask, index)]
        for index, label in enumerate(labels)
    ]
    done = [_button(t(language, "multiple_done"), cb.DONE, key, mask)]
    return _markup([*rows, done, _skip_row(language, key, optional)])


def scale(
    language: str, key: str, minimum: int, maximum: int, previous: int | None, optional: bool
) -> InlineKeyboardMarkup:
    buttons = [
        _button((CHECK if value == previous else "") + str(value), cb.SCALE, key, value)
        for value in range(minimum, maximum + 1)
    ]
    rows = [
        buttons[start : start + SCALE_BUTTONS_PER_ROW]
        for start in range(0, len(buttons), SCALE_BUTTONS_PER_ROW)
    ]
    return _markup([*rows, _skip_row(language, key, optional)])


def proceed(language: str, key: str, label_key: str) -> InlineKeyboardMarkup:
    return _markup([[_button(t(language, label_key), cb.PROCEED, key)]])


def skip_only(language: str, key: str) -> InlineKeyboardMarkup | None:
    return _markup([_skip_row(language, key, True)])


def draft(language: str, key: str, similar_ids: Sequence[int]) -> InlineKeyboardMarkup:
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


def vote(language: str, key: str, proposal_id: int) -> InlineKeyboardMarkup:
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


def consent(language: str, survey_id: str) -> InlineKeyboardMarkup:
    token = cb.survey_token(survey_id)
    return _markup([
        [_button(t(language, "consent_yes"), cb.CONSENT, token)],
        [_button(t(language, "consent_no"), cb.DECLINE, token)],
    ])


def survey_choice(surveys: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per (survey id, title)."""
    return _markup([[_button(title, cb.PICK, cb.survey_token(sid))] for sid, title in surveys])


def languages() -> InlineKeyboardMarkup:
    return _markup([[_button(LANGUAGE_NAMES[code], cb.LANGUAGE, code) for code in LANGUAGES]])


def delete_confirmation(language: str) -> InlineKeyboardMarkup:
    return _markup([
        [_button(t(language, "delete_yes"), cb.DELETE, "y")],
        [_button(t(language, "delete_no"), cb.DELETE, "n")],
    ])


def moderation(language: str, proposal_id: int) -> InlineKeyboardMarkup:
    return _markup([[
        _button(t(language, "moderate_approve"), cb.MODERATE, proposal_id, "a"),
        _button(t(language, "moderate_reject"), cb.MODERATE, proposal_id, "r"),
    ]])


def report_decision(language: str, proposal_id: int) -> InlineKeyboardMarkup:
    return _markup([[
        _button(t(language, "report_keep"), cb.REPORTED, proposal_id, "k"),
        _button(t(language, "report_remove"), cb.REPORTED, proposal_id, "r"),
    ]])
