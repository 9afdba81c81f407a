"""The pending-update queue behind getUpdates: a real long poll, confirmed by offset.

As on Telegram, handing updates out does not remove them; a later getUpdates with
`offset = last update_id + 1` confirms (forgets) everything below it. A new getUpdates ends a
poll that is still waiting with 409 Conflict, like Telegram does for two running bot instances.
"""

from __future__ import annotations

import asyncio
from collections import deque
from itertools import islice

from bot.localapi.objects import ApiError, JsonDict

# Telegram leaves these out unless a bot asks for them explicitly.
NOT_SENT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_CONFLICT = "conflict"
_CLOSED = "closed"
_NEW_UPDATES = "updates"


class UpdateQueue:
    def __init__(self) -> None:
        self._pending: deque[JsonDict] = deque()
        self._last_update_id = 0
        self._allowed: frozenset[str] | None = None  # None: Telegram's default set
        self._waiting_poll: asyncio.Future[str] | None = None
        self._closed = False
        self.pushed = 0
        self.arrived = asyncio.Event()  # set on every push; the webhook delivery waits on it

    def __len__(self) -> int:
        return len(self._pending)

    def push(self, kind: str, payload: JsonDict) -> JsonDict:
        """Queue one update of `kind` (message, callback_query, ...); returns it."""
        self._last_update_id += 1
        update = {"update_id": self._last_update_id, kind: payload}
        self._pending.append(update)
        self.pushed += 1
        self._resolve_waiting_poll(_NEW_UPDATES)
        self.arrived.set()
        return update

    def take_all(self) -> list[JsonDict]:
        """Every pending update, removed from the queue (for the webhook delivery)."""
        taken = list(self._pending)
        self._pending.clear()
        return taken

    def drop_pending(self) -> None:
        self._pending.clear()

    def close(self) -> None:
        """Release a waiting poll at shutdown with an empty answer."""
        self._closed = True
        self._resolve_waiting_poll(_CLOSED)

    async def get(
        self,
        offset: int | None,
        limit: int | None,
        timeout: float | None,
        allowed_updates: list[str] | None,
    ) -> list[JsonDict]:
        self._resolve_waiting_poll(_CONFLICT)
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates) or None
        if offset:
            self._confirm(offset)
        limit = 100 if not limit or limit > 100 else max(limit, 1)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout or 0, 0)
        while True:
            batch = self._take(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closed:
                return batch
            poll: asyncio.Future[str] = loop.create_future()
            self._waiting_poll = poll
            try:
                outcome = await asyncio.wait_for(poll, remaining)
            except TimeoutError:
                return []
            finally:
                if self._waiting_poll is poll:
                    self._waiting_poll = None
            if outcome == _CONFLICT:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            # A negative offset keeps only the last -offset updates, as Telegram documents.
            while len(self._pending) > -offset:
                self._pending.popleft()
            return
        while self._pending and self._pending[0]["update_id"] < offset:
            self._pending.popleft()

    def _take(self, limit: int) -> list[JsonDict]:
        if self._allowed is None:
            return [
                update
                for update in islice(self._pending, limit)
                if not NOT_SENT_BY_DEFAULT.intersection(update)
            ]
        batch: list[JsonDict] = []
        for update in self._pending:
            if self._allowed.intersection(update):
                batch.append(update)
                if len(batch) == limit:
                    break
        return batch

    def _resolve_waiting_poll(self, outcome: str) -> None:
        poll = self._waiting_poll
        if poll is not None and not poll.done():
            poll.set_result(outcome)
        self._waiting_poll = None
