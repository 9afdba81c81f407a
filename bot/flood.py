"""A per-citizen flood limit: more than `limit` updates in `window` seconds are ignored, and the
citizen is told once per burst to slow down (not once per ignored message)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.turn import Turn

FLOOD_GUARD = "flood_guard"  # key in bot_data


class Verdict(Enum):
    ACCEPT = "accept"
    WARN = "warn"  # the first update over the limit: tell the citizen, ignore the update
    DROP = "drop"


class FloodGuard:
    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._accepted: dict[int, deque[float]] = {}
        self._warned: set[int] = set()
        self._checks = 0

    def check(self, user_id: int) -> Verdict:
        if self.limit <= 0:
            return Verdict.ACCEPT
        now = self.clock()
        recent = self._accepted.setdefault(user_id, deque())
        while recent and now - recent[0] > self.window:
            recent.popleft()
        self._checks += 1
        if self._checks % 10_000 == 0:
            self._forget_quiet(now)
        if len(recent) < self.limit:
            recent.append(now)
            self._warned.discard(user_id)
            return Verdict.ACCEPT
        if user_id in self._warned:
            return Verdict.DROP
        self._warned.add(user_id)
        return Verdict.WARN

    def _forget_quiet(self, now: float) -> None:
        """Keep memory bounded by the citizens active within the window."""
        for user_id in [u for u, r in self._accepted.items() if not r or now - r[-1] > self.window]:
            del self._accepted[user_id]
            self._warned.discard(user_id)


async def guard_updates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler (group -1); stops updates over the citizen's limit."""
    user = update.effective_user
    if user is None:
        return
    verdict = context.bot_data[FLOOD_GUARD].check(user.id)
    if verdict is Verdict.ACCEPT:
        return
    if verdict is Verdict.WARN:
        turn = await Turn.begin(update, context)
        await turn.acknowledge()
        await turn.say("slow_down")
    elif update.callback_query is not None:
        await update.callback_query.answer()
    raise ApplicationHandlerStop
