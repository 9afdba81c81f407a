"""Property-based fuzzing of the real bot through the local Bot API server (Hypothesis).

Arbitrary text (zero-width, direction controls, emoji, control characters, very long), commands,
forged and real button presses, media, edits and odd update shapes from fresh citizens. For every
sequence: no error in the log (no traceback), an answer to every message and every button press,
every message within Telegram's limit, and nothing stored that should not be (nothing before
consent; every stored text cleaned and visible).

Reproducible: `derandomize=True`, no example database, a fixed number of examples.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import callbacks as cb
from bot.localapi import Citizen
from surveys.messagefit import MESSAGE_UNITS, units
from surveys.text import clean_text, has_visible_content
from tests.bot.conftest import BotUnderTest

QUIET = 0.12  # seconds of silence after which the bot is taken to be done with an update
ANSWER_TIMEOUT = 3.0

HOSTILE = (
    "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u3164\u2800\u00ad\x00\x07\x1b\r\u2028\u0301$=<>&*_`[]()~|#+-.!\"'\\/%{}😀🌳👨‍👩‍👧²٣"
)
texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from(HOSTILE + "ab c"), max_size=60),
    st.builds(
        lambda unit, count: unit * count,
        st.sampled_from(["😀", "x", "\u200b", "é ", "\u202e"]),
        st.integers(min_value=900, max_value=2100),
    ),
)
COMMANDS = [
    "start",
    "help",
    "status",
    "back",
    "skip",
    "stop",
    "language",
    "mydata",
    "delete",
    "surveys",
    "open",
    "close",
    "stats",
    "moderate",
    "frobnicate",
    "start@samen_local_bot",
]
commands = st.tuples(st.sampled_from(COMMANDS), st.lists(texts, max_size=2))
KNOWN_ACTIONS = [
    *cb.STEP_ACTIONS,
    cb.CONSENT,
    cb.DECLINE,
    cb.PICK,
    cb.LANGUAGE,
    cb.DELETE,
    cb.MODERATE,
    cb.REPORTED,
    "zz",
    "",
]
forged_data = st.one_of(
    st.text(min_size=1, max_size=30),
    st.builds(
        lambda action, parts: ":".join([action, *parts]),
        st.sampled_from(KNOWN_ACTIONS),
        st.lists(
            st.one_of(
                st.text(alphabet="0123456789abcdef-²٣zZ_", max_size=6),
                st.just(cb.step_key("buurt", 1, "vervoer")),
                st.just(cb.survey_token("buurt")),
            ),
            max_size=3,
        ),
    ),
).filter(lambda data: 1 <= len(data.encode()) <= 64)
actions = st.one_of(
    st.tuples(st.just("text"), texts),
    st.tuples(st.just("command"), commands),
    st.tuples(st.just("press"), st.integers(min_value=0, max_value=30)),
    st.tuples(st.just("forged"), forged_data),
    st.tuples(st.just("media"), st.sampled_from(["sticker", "photo", "location"])),
    st.tuples(st.just("edit"), texts),
)
# Updates a private chat with a citizen can bring besides messages and presses.
ODD_UPDATES = [
    (
        "edited_message",
        lambda user: {
            "message_id": 999_999,
            "date": 1,
            "text": "x",
            "chat": {"id": user, "type": "private"},
            "from": {"id": user, "is_bot": False, "first_name": "F"},
        },
    ),
    (
        "message",
        lambda user: {
            "message_id": 999_998,
            "date": 1,
            "chat": {"id": user, "type": "private"},
            "from": {"id": user, "is_bot": False, "first_name": "F"},
            "new_chat_title": "?",
        },
    ),
    (
        "callback_query",
        lambda user: {
            "id": f"inline{user}",
            "chat_instance": "1",
            "from": {"id": user, "is_bot": False, "first_name": "F"},
            "inline_message_id": "abc",
            "data": "c:AAAA:0",
        },
    ),
    (
        "callback_query",
        lambda user: {
            "id": f"game{user}",
            "chat_instance": "1",
            "from": {"id": user, "is_bot": False, "first_name": "F"},
            "game_short_name": "g",
        },
    ),
    (
        "channel_post",
        lambda user: {
            "message_id": 5,
            "date": 1,
            "text": "/start",
            "chat": {"id": -100_777, "type": "channel", "title": "C"},
        },
    ),
    (
        "my_chat_member",
        lambda user: {
            "chat": {"id": user, "type": "private"},
            "date": 1,
            "from": {"id": user, "is_bot": False, "first_name": "F"},
            "old_chat_member": {
                "status": "member",
                "user": {"id": 1, "is_bot": True, "first_name": "B"},
            },
            "new_chat_member": {
                "status": "kicked",
                "until_date": 0,
                "user": {"id": 1, "is_bot": True, "first_name": "B"},
            },
        },
    ),
]
odd_updates = st.sampled_from(range(len(ODD_UPDATES)))
users = itertools.count(600_000)


async def perform(
    samen: BotUnderTest, citizen: Citizen, action: tuple[str, Any]
) -> tuple[str | None, str]:
    """Do one action: the callback query id and data of a press ("" when there was nothing to
    press or edit yet)."""
    kind, value = action
    if kind == "text":
        citizen.send_nowait(value or ".")
    elif kind == "command":
        citizen.command_nowait(value[0], *[" ".join(arg.split()) or "x" for arg in value[1]])
    elif kind == "media":
        {
            "sticker": citizen.sticker_nowait,
            "photo": citizen.photo_nowait,
            "location": citizen.location_nowait,
        }[value]()
    elif kind == "edit":
        sent = [
            m
            for m in citizen.chat.messages.values()
            if m.get("from", {}).get("id") == citizen.user_id
        ]
        if not sent:
            return None, ""
        citizen.edit_nowait(sent[-1], value or ".")
        return None, "edited"
    elif kind == "press":
        message_id = citizen.chat.last_inline_message_id
        if message_id is None:
            return None, ""
        markup = citizen.chat.messages[message_id].get("reply_markup") or {}
        buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
        if not buttons:
            return None, ""
        data = buttons[value % len(buttons)]["callback_data"]
        return citizen.press_nowait(data, message_id), data
    elif kind == "forged":
        if citizen.chat.newest_bot_message_id is None:
            return None, ""
        return citizen.press_forged_nowait(value), value
    return None, ""


def stored_texts(data: dict[str, Any]) -> list[str]:
    found = [p["text"] for p in data.get("proposals", [])]
    found += [d["text"] for d in data.get("drafts", [])]
    found += [
        a["value"]
        for a in data.get("answers", [])
        if isinstance(a["value"], str) and a["step_id"] == "toelichting"
    ]
    return found


@settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(actions, min_size=1, max_size=7), odd=st.lists(odd_updates, max_size=2))
async def test_whatever_a_citizen_sends_the_bot_answers_and_stores_nothing_wrong(
    samen: BotUnderTest,
    caplog: pytest.LogCaptureFixture,
    steps: list[tuple[str, Any]],
    odd: list[int],
) -> None:
    caplog.clear()
    user = next(users)
    citizen = samen.citizen(user)
    citizen.command_nowait("start", "buurt")  # most sequences should get into the survey
    assert await citizen.replies_until_quiet(QUIET, ANSWER_TIMEOUT)
    consented = False
    for action in [*steps, *[("odd", index) for index in odd]]:
        if action[0] == "odd":
            kind, payload = ODD_UPDATES[action[1]]
            samen.api.push_update(kind, payload(user))
            await citizen.replies_until_quiet(QUIET, ANSWER_TIMEOUT)
            continue
        before = len(citizen.documents)
        query, data = await perform(samen, citizen, action)
        if not data and action[0] in ("press", "forged", "edit"):
            continue  # nothing to press or edit yet
        consented |= data == f"{cb.CONSENT}:{cb.survey_token('buurt')}"
        replies = await citizen.replies_until_quiet(QUIET, ANSWER_TIMEOUT)
        answered = (
            bool(replies)
            or len(citizen.documents) > before
            or (query is not None and citizen.callback_answer(query) is not None)
        )
        assert answered, f"no answer to {action!r}:\n{citizen.transcript_text()}"
        assert all(units(reply.text) <= MESSAGE_UNITS for reply in replies)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], f"{errors}\n{citizen.transcript_text()}"
    data = await samen.engine.my_data(user)
    if not consented:
        assert data == {} or not data.get("consents"), data
    for text in stored_texts(data):
        assert text == clean_text(text) and has_visible_content(text), repr(text)
