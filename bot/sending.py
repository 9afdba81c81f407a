"""Outgoing messages that survive Telegram's flood control.

Telegram answers 429 "Too Many Requests: retry after N" when a bot sends too fast: roughly more
than one message per second to one chat (short bursts tolerated) or about 30 messages per second
overall (bots with paid broadcasts: up to 1,000/s). :class:`FloodControlRateLimiter` paces and
retries every call that sends or edits a message:

- per chat, at most ``per_chat_rate`` messages/s sustained with bursts of at most
  ``per_chat_burst`` (so an answer plus the next question go out at once, but a chat is never
  flooded);
- overall, at most ``overall_rate`` messages/s (None = no cap, e.g. for benchmarks);
- on a 429 it waits the time Telegram asks (that chat, and by default every chat, since a 429 on
  a well-paced chat means the bot-wide limit was hit) and sends again; after ``max_retries``
  refusals it logs an error naming the method and chat and raises ``telegram.error.RetryAfter``.

Calls that send nothing to a chat (answerCallbackQuery, getMe, setMyCommands, ...) go straight
through; getUpdates never reaches a rate limiter in PTB. Plug it in with::

    application = (
        Application.builder()
        .token(token)
        .rate_limiter(FloodControlRateLimiter(overall_rate=30))
        ...
        .build()
    )

A single call can ask for a different retry budget with ``rate_limit_args=N``, e.g.
``await bot.send_message(chat_id, text, rate_limit_args=10)``.

Pacing uses the generic cell rate algorithm: each chat keeps one float, the time its next
message is due. Waiting callers are ordinary sleeping coroutines, so nothing is queued twice and
nothing is dropped; the order of one chat's messages is the order its callers await them in
(the bot's per-citizen update lanes make that the conversation's order). Chats that have been
quiet long enough are forgotten.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

_LOGGER = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]

# Methods that put or change a message in a chat, which is what flood control counts.
_MESSAGE_PREFIXES = ("send", "edit", "copymessage", "forwardmessage", "stoppoll")
_NOT_MESSAGES = frozenset({"sendchataction"})
_SWEEP_AT_LEAST = 1024


def is_message_call(endpoint: str) -> bool:
    """Whether a Bot API method sends or edits a message (and so is paced)."""
    name = endpoint.lower()
    return name.startswith(_MESSAGE_PREFIXES) and name not in _NOT_MESSAGES


class _Pacer:
    """The generic cell rate algorithm for one rate: when may the next call start?"""

    def __init__(self, rate: float, burst: int) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a rate must be positive and a burst at least 1")
        self.interval = 1.0 / rate
        self.tolerance = (burst - 1) * self.interval

    def reserve(self, due: float, now: float) -> tuple[float, float]:
        """(start time of this call, the new due time) given the current due time."""
        start = max(now, due - self.tolerance)
        return start, max(due, start) + self.interval

    def blocked_until(self, until: float) -> float:
        """The due time that lets the next call start no earlier than ``until``, unbursted."""
        return until + self.tolerance


class FloodControlRateLimiter(BaseRateLimiter[int]):
    """Per-chat pacing, an optional overall cap, and 429 retries (see the module docstring).

    Args:
        overall_rate: messages/s across all chats; None turns the cap off.
        overall_burst: how many messages may start at once under the overall cap.
        per_chat_rate: messages/s to one chat, sustained; None turns per-chat pacing off.
        per_chat_burst: how many messages one chat may get at once.
        max_retries: how often one call is sent again after 429s before giving up.
        pause_all_on_flood: on a 429, hold every chat's messages for the time Telegram asks,
            not only that chat's.
    """

    def __init__(
        self,
        overall_rate: float | None = 30.0,
        overall_burst: int = 1,
        per_chat_rate: float | None = 1.0,
        per_chat_burst: int = 3,
        max_retries: int = 5,
        pause_all_on_flood: bool = True,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self._overall = _Pacer(overall_rate, overall_burst) if overall_rate else None
        self._per_chat = _Pacer(per_chat_rate, per_chat_burst) if per_chat_rate else None
        self._max_retries = max_retries
        self._pause_all_on_flood = pause_all_on_flood
        self._overall_due = 0.0
        self._overall_gate = asyncio.Lock()
        self._chat_due: dict[object, float] = {}
        self._paused_until = 0.0
        self._sweep_at = _SWEEP_AT_LEAST
        self.retries = 0  # 429s answered with a retry so far (for logs and tests)
        self.given_up = 0  # calls that failed after max_retries 429s

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: waiting calls finish or are cancelled with their handlers."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        """Send one Bot API call when its chat and the overall cap allow; retry 429s."""
        paced = is_message_call(endpoint)
        chat_id = data.get("chat_id")
        max_retries = self._max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(max_retries + 1):
            if paced:
                await self._wait_for_turn(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as refusal:
                wait = _seconds(refusal)
                if attempt == max_retries:
                    self.given_up += 1
                    _LOGGER.error(
                        "Flood control: giving up on %s to chat %s after %d retries "
                        "(Telegram still asks to wait %.0f s)",
                        endpoint, chat_id, max_retries, wait,
                    )
                    raise
                self.retries += 1
                _LOGGER.warning(
                    "Flood control: %s to chat %s refused, retrying in %.1f s (retry %d of %d)",
                    endpoint, chat_id, wait, attempt + 1, max_retries,
                )
                await self._hold_after_flood(chat_id, wait, paced)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _wait_for_turn(self, chat_id: object) -> None:
        # A bot-wide pause first, then the chat's pace, then a slot under the overall cap:
        # reserving the overall slot last means no overall slot is spent waiting on a chat.
        while (pause := self._paused_until - time.monotonic()) > 0:
            await asyncio.sleep(pause)
        if self._per_chat is not None and chat_id is not None:
            now = time.monotonic()
            start, self._chat_due[chat_id] = self._per_chat.reserve(
                self._chat_due.get(chat_id, now), now
            )
            self._forget_quiet_chats(now)
            await _sleep_until(start)
        if self._overall is not None:
            # One caller at a time (FIFO) waits for the next overall slot and claims it when it
            # really goes. Slots reserved in advance would all fall due together after the event
            # loop stalled (CPU contention, a long GC pause) and go out as one burst over the
            # cap; claimed at the actual time, calls stay `interval` apart whatever the stalls.
            async with self._overall_gate:
                start, _ = self._overall.reserve(self._overall_due, time.monotonic())
                await _sleep_until(start)
                _, self._overall_due = self._overall.reserve(self._overall_due, time.monotonic())

    async def _hold_after_flood(self, chat_id: object, wait: float, paced: bool) -> None:
        until = time.monotonic() + wait
        if self._pause_all_on_flood:
            self._paused_until = max(self._paused_until, until)
        if paced and self._per_chat is not None and chat_id is not None:
            due = self._chat_due.get(chat_id, 0.0)
            self._chat_due[chat_id] = max(due, self._per_chat.blocked_until(until))
        await _sleep_until(until)

    def _forget_quiet_chats(self, now: float) -> None:
        # A chat whose due time has passed behaves exactly like a chat never seen.
        if len(self._chat_due) < self._sweep_at:
            return
        self._chat_due = {chat: due for chat, due in self._chat_due.items() if due > now}
        self._sweep_at = max(_SWEEP_AT_LEAST, 2 * len(self._chat_due))


async def _sleep_until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


def _seconds(refusal: RetryAfter) -> float:
    # The public attribute warns about its coming type change; PTB's own limiter reads this one.
    return refusal._retry_after.total_seconds()
