"""Keyboards are the Bot API's JSON of an InlineKeyboardMarkup, built once per screen."""

from __future__ import annotations

import json

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot import keyboards


def test_a_keyboard_is_the_json_of_the_same_ptb_markup() -> None:
    key = cb.step_key("s", 1, "q1")
    keyboard = keyboards.single_choice("en", key, ("Bike", "Bus"), 1, True)
    expected = InlineKeyboardMarkup([
        [InlineKeyboardButton("Bike", callback_data=f"c:{key}:0")],
        [InlineKeyboardButton("✓ Bus", callback_data=f"c:{key}:1")],
        [InlineKeyboardButton("Skip ⏭", callback_data=f"k:{key}")],
    ])
    assert json.loads(keyboard) == expected.to_dict()
    assert InlineKeyboardMarkup.de_json(json.loads(keyboard), None) == expected


def test_step_keyboards_are_built_once_and_vary_with_what_they_show() -> None:
    key = cb.step_key("s", 1, "q2")
    labels = ("A", "B", "C")
    first = keyboards.multiple_choice("nl", key, labels, frozenset({0}), False)
    assert keyboards.multiple_choice("nl", key, labels, frozenset({0}), False) is first
    other = keyboards.multiple_choice("nl", key, labels, frozenset({0, 2}), False)
    rows = keyboards.parse(other)
    assert [row[0]["text"] for row in rows[:3]] == ["✓ A", "B", "✓ C"]
    assert rows[0][0]["callback_data"] == f"t:{key}:5:0"
    assert keyboards.vote("en", key, 7) is keyboards.vote("en", key, 7)
    assert keyboards.parse(keyboards.vote("en", key, 8))[0][0]["callback_data"] == f"v:{key}:8:a"
