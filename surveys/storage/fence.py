"""Applying one request's writes at most once, when the request may be processed twice.

Several webhook processes share a citizen's updates (bot/inbox.py). If a process dies after
its writes for an update committed but before it marked the update done, another process takes
the update again. Replaying it would apply its effect a second time: a free-text message would
answer the *next* question too. So the inbox runs each update inside ``applying(update_id)``,
and the PostgreSQL store makes the update's first write in one transaction with
``UPDATE webhook_inbox SET applied_at = ... WHERE update_id = ... AND applied_at IS NULL``.
Whoever commits that first owns the update's effects; anyone after gets
:class:`AlreadyApplied` before writing anything, and the bot shows the citizen where they are.

Outside ``applying`` (the CLI, SQLite, long polling) nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

# bot/inbox.py creates this table; the store only ever updates it inside a fence.
FENCE_SQL = ("UPDATE webhook_inbox SET applied_at = now() "
             "WHERE update_id = $1 AND applied_at IS NULL")


class AlreadyApplied(Exception):
    """This update's writes were committed before (by a process that then stopped)."""

    def __init__(self, update_id: int) -> None:
        super().__init__(f"update {update_id} was applied before; not applying it again")
        self.update_id = update_id


@dataclass
class Fence:
    """The update being processed, and whether its first write has claimed it."""

    update_id: int
    claimed: bool = False


CURRENT_FENCE: ContextVar[Fence | None] = ContextVar("samen_update_fence", default=None)


@contextmanager
def applying(update_id: int) -> Iterator[Fence]:
    """Writes made (in this task and tasks it starts) belong to `update_id`, at most once."""
    fence = Fence(update_id)
    token = CURRENT_FENCE.set(fence)
    try:
        yield fence
    finally:
        CURRENT_FENCE.reset(token)


def unclaimed_fence() -> Fence | None:
    """The fence the next write must claim first, or None (no fence, or already claimed)."""
    fence = CURRENT_FENCE.get()
    return fence if fence is not None and not fence.claimed else None


def leave_fence() -> None:
    """Writes from here on (in this task) are no longer the update's own: after
    AlreadyApplied, showing the citizen where they are may record what it showed."""
    CURRENT_FENCE.set(None)
