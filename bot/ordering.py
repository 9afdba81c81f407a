"""Concurrent update processing that keeps every citizen's updates in order.

python-telegram-bot processes one update at a time by default, so a bot waits on every Bot API
round trip (~50 ms to Telegram): about 20 updates/s. ``concurrent_updates(True)`` overlaps the
round trips but lets two messages of the same citizen race each other (an answer recorded
before the consent that precedes it, a vote on a proposal the citizen has not seen yet).

:class:`PerChatOrderedProcessor` runs updates of different citizens concurrently and updates of
the same citizen strictly one after another, in arrival order. Plug it in with::

    application = (
        Application.builder()
        .token(token)
        .concurrent_updates(PerChatOrderedProcessor(max_concurrent_updates=256))
        ...
        .build()
    )

Handlers must keep the default ``block=True``: a non-blocking handler returns at once and its
work would escape the per-citizen ordering.

How the ordering holds (checked against PTB 22.8): with more than one concurrent update the
Application creates one task per update, in arrival order, and each task calls
``BaseUpdateProcessor.process_update``, which takes a slot of a FIFO ``asyncio`` semaphore and
then calls :meth:`do_process_update`. Tasks start in creation order and the semaphore hands its
slots out first come, first served, so ``do_process_update`` is entered in arrival order; it
appends the update to its citizen's lane *before its first await*, so a lane's order is arrival
order. An update whose citizen has an earlier update still in progress gives its slot back
while it waits for its turn: one citizen flooding the bot cannot occupy every slot and stall
everyone else. Idle lanes are deleted, so memory follows the updates in flight, not the number
of citizens ever seen.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates with neither a user nor a chat (polls, some chat-boost events) share this lane.
SHARED_LANE: Hashable = ("shared",)


def ordering_key(update: object) -> Hashable:
    """The lane an update belongs to: its user, else its chat, else the shared lane."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
    return SHARED_LANE


class PerChatOrderedProcessor(BaseUpdateProcessor):
    """Process updates concurrently across citizens, in order per citizen.

    Args:
        max_concurrent_updates: how many updates may be *running* at once (their handlers
            awaiting the Bot API or the database). Updates waiting for an earlier update of the
            same citizen do not count. Each running update holds one HTTP request at a time at
            most, so keep the HTTP connection pool at least this large.
    """

    __slots__ = ("_lanes",)

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        # Per lane: one future per update in it, in arrival order. The head is running (or
        # about to); the others wait for their future to be set.
        self._lanes: dict[Hashable, deque[asyncio.Future[None]]] = {}

    @property
    def active_lanes(self) -> int:
        """How many citizens have an update running or waiting (idle lanes are dropped)."""
        return len(self._lanes)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run ``coroutine`` once every earlier update of the same citizen has finished."""
        key = ordering_key(update)
        lane = self._lanes.setdefault(key, deque())
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        lane.append(turn)
        started = False
        try:
            if len(lane) > 1:
                await self._wait_without_slot(turn)
            started = True
            await coroutine
        finally:
            if not started and asyncio.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting: avoid "never awaited" warnings
            self._leave_lane(key, lane, turn)

    async def _wait_without_slot(self, turn: asyncio.Future[None]) -> None:
        # process_update() holds a semaphore slot for us and releases it when we return, so
        # give it back while we wait and take one again before returning.
        self._semaphore.release()
        try:
            await turn
        finally:
            await self._semaphore.acquire()

    def _leave_lane(
        self, key: Hashable, lane: deque[asyncio.Future[None]], turn: asyncio.Future[None]
    ) -> None:
        was_head = lane[0] is turn
        lane.remove(turn)
        if was_head and lane and not lane[0].done():
            lane[0].set_result(None)
        if not lane and self._lanes.get(key) is lane:
            del self._lanes[key]

    async def initialize(self) -> None:
        """Nothing to allocate: lanes are created on demand."""

    async def shutdown(self) -> None:
        """Nothing to free: Application.stop() has already waited for every update."""
