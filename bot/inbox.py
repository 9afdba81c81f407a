"""A durable inbox of Telegram updates in PostgreSQL, shared by several webhook processes.

Telegram posts each update to whichever process the load balancer picks, retries when it gets
no 200, and may post an update twice. The design (docs/architecture.md, "Several webhook
processes"):

* **Recorded before acknowledged.** :meth:`Inbox.record` inserts the update into
  ``webhook_inbox`` (keyed by ``update_id``; ``ON CONFLICT DO NOTHING`` swallows Telegram's
  repeats) and commits before the webhook answers 200. A process killed before that commit
  never said 200, so Telegram posts the update again, through the balancer, to another process.
* **One process per citizen at a time.** A process works on a citizen only while it holds the
  citizen's row in ``webhook_claims``: a lease with an expiry, taken with one
  ``INSERT ... ON CONFLICT DO UPDATE ... WHERE expires_at < now()`` (only one process can win
  it) and renewed by a heartbeat. A process that dies stops renewing; once the lease expires,
  any other process takes the citizen over.
* **In order.** The holder processes the citizen's pending updates oldest ``update_id``
  first, one after another, each to completion (handlers, replies), then marks it done.
* **Exactly once.** An update's first database write commits together with
  ``applied_at`` on its inbox row (``surveys/storage/fence.py``). If the holder dies between
  that commit and marking the update done, the next holder replays the update, finds it
  applied, writes nothing and shows the citizen their current step instead.
* **Found quickly.** Recording an update NOTIFYs the other processes; each also polls once a
  second for leases that expired, so a dead process's citizens are picked up without a notify.

Done rows are kept for a day (Telegram's repeats come within minutes), then deleted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from bot.shards import citizen_of

log = logging.getLogger(__name__)

CHANNEL = "samen_webhook_inbox"
# The inbox belongs to the bot, not to the survey schema (surveys copy leaves it out): it is
# created on start, by one process at a time.
SCHEMA = (
    "SELECT pg_advisory_xact_lock(hashtextextended('samen-webhook-inbox', 0))",
    """CREATE TABLE IF NOT EXISTS webhook_inbox (
        update_id BIGINT PRIMARY KEY,
        citizen BIGINT NOT NULL,
        body TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        applied_at TIMESTAMPTZ,
        done_at TIMESTAMPTZ
    )""",
    """CREATE INDEX IF NOT EXISTS webhook_inbox_pending ON webhook_inbox (citizen, update_id)
       WHERE done_at IS NULL""",
    """CREATE TABLE IF NOT EXISTS webhook_claims (
        citizen BIGINT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
    )""",
)
RECORD = """WITH added AS (
    INSERT INTO webhook_inbox (update_id, citizen, body) VALUES ($1, $2, $3)
    ON CONFLICT (update_id) DO NOTHING RETURNING 1)
SELECT pg_notify($4, '') FROM added"""
# Citizens with pending updates and no live lease, up to $3 of them, leased to $1 for $2 s.
# In citizen order, so two processes claiming at once lock rows in the same order (no deadlock).
CLAIM = """INSERT INTO webhook_claims (citizen, owner, expires_at)
SELECT citizen, $1, now() + make_interval(secs => $2) FROM (
    SELECT DISTINCT i.citizen FROM webhook_inbox i
    WHERE i.done_at IS NULL AND ($4::bigint IS NULL OR i.citizen = $4)
      AND NOT EXISTS (SELECT 1 FROM webhook_claims c
                      WHERE c.citizen = i.citizen AND c.expires_at >= now())
    ORDER BY i.citizen LIMIT $3) AS claimable
ORDER BY citizen
ON CONFLICT (citizen) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
    WHERE webhook_claims.expires_at < now()
RETURNING citizen"""
PENDING = """SELECT update_id, body FROM webhook_inbox WHERE citizen = $1 AND done_at IS NULL
ORDER BY update_id LIMIT 50"""
DONE = "UPDATE webhook_inbox SET done_at = now() WHERE update_id = $1"
RENEW = """UPDATE webhook_claims SET expires_at = now() + make_interval(secs => $2)
WHERE owner = $1 RETURNING citizen"""
# True when we are done with the citizen: the lease let go, or no longer ours.
RELEASE_IF_IDLE = """WITH released AS (
    DELETE FROM webhook_claims WHERE citizen = $1 AND owner = $2
    AND NOT EXISTS (SELECT 1 FROM webhook_inbox WHERE citizen = $1 AND done_at IS NULL)
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM released) OR NOT EXISTS (
    SELECT 1 FROM webhook_claims WHERE citizen = $1 AND owner = $2)"""
RELEASE = "DELETE FROM webhook_claims WHERE citizen = $1 AND owner = $2"
FORGET_DONE = "DELETE FROM webhook_inbox WHERE done_at < now() - interval '1 day'"

# What processes one update to completion (the bot: parse it, run the handlers).
Handle = Callable[[int, dict[str, Any]], Awaitable[None]]


def process_name() -> str:
    """Who holds a lease, as an operator reads it: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(3).hex()}"


class Inbox:
    """Records updates and processes them, in order per citizen, while holding its leases.

    Args:
        pool: an asyncpg pool on the bot's database.
        url: the database address, for the LISTEN connection.
        handle: processes one update to completion; exceptions are logged and the update is
            marked done (it would fail again the same way).
        lease_seconds: how long a citizen stays with a process that stopped renewing.
        max_citizens: how many citizens this process works on at once.
        on_claim: called with a citizen each time this process takes them on: what it
            remembers about them may be stale, since another process served them meanwhile.
    """

    def __init__(self, pool: asyncpg.Pool, url: str, handle: Handle, *,
                 lease_seconds: float = 15.0, max_citizens: int = 256,
                 poll_seconds: float = 1.0,
                 on_claim: Callable[[int], None] = lambda citizen: None) -> None:
        self.pool, self.url, self.handle, self.on_claim = pool, url, handle, on_claim
        self.lease_seconds, self.max_citizens, self.poll_seconds = (
            lease_seconds, max_citizens, poll_seconds)
        self.owner = process_name()
        self.processed = 0
        self._working: dict[int, asyncio.Task[None]] = {}
        self._claimed_again: set[int] = set()
        self._wake = asyncio.Event()
        self._stopping = False

    @property
    def citizens_in_progress(self) -> int:
        return len(self._working)

    async def create_tables(self) -> None:
        async with self.pool.acquire() as db, db.transaction():
            for statement in SCHEMA:
                await db.execute(statement)

    async def record(self, update: dict[str, Any]) -> None:
        """Store one update durably (committed when this returns); a repeat is a no-op."""
        update_id = update["update_id"]
        citizen = citizen_of(update) or 0  # keyless updates share one lane
        await self.pool.execute(RECORD, update_id, citizen,
                                json.dumps(update, separators=(",", ":")), CHANNEL)
        self._wake.set()

    # -- processing ------------------------------------------------------------------------------

    async def run(self, stopping: asyncio.Event) -> None:
        """Claim and process citizens until `stopping` is set; then finish and let go."""
        listener = await asyncpg.connect(self.url)
        await listener.add_listener(CHANNEL, lambda *_: self._wake.set())
        heartbeat = asyncio.ensure_future(self._heartbeat())
        try:
            while not stopping.is_set():
                self._wake.clear()
                try:
                    await self._claim_some()
                except (OSError, asyncpg.PostgresError) as error:
                    log.warning("could not claim citizens (%s); trying again", error)
                waits = [asyncio.ensure_future(self._wake.wait()),
                         asyncio.ensure_future(stopping.wait())]
                await asyncio.wait(waits, timeout=self.poll_seconds,
                                   return_when=asyncio.FIRST_COMPLETED)
                for waiting in waits:
                    waiting.cancel()
        finally:
            self._stopping = True
            if self._working:
                await asyncio.gather(*self._working.values(), return_exceptions=True)
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            await listener.close()

    async def _claim_some(self, citizen: int | None = None) -> list[int]:
        room = self.max_citizens - len(self._working)
        if room <= 0 or self._stopping:
            return []
        rows = await self.pool.fetch(CLAIM, self.owner, self.lease_seconds, room, citizen)
        claimed = [row["citizen"] for row in rows]
        for each in claimed:
            if each in self._working:
                # Its task is letting go of the lease this very moment: it carries on instead.
                self._claimed_again.add(each)
            else:
                self._working[each] = asyncio.ensure_future(self._work_on(each))
        return claimed

    async def _work_on(self, citizen: int) -> None:
        """Process the citizen's pending updates in order while we hold the lease."""
        try:
            self.on_claim(citizen)
            while True:
                pending = await self.pool.fetch(PENDING, citizen)
                for row in pending:
                    await self._process(row["update_id"], row["body"])
                if pending:
                    continue
                # Nothing left: let go, unless an update came in meanwhile. One statement, so
                # no update recorded before it is left behind; one recorded after it finds the
                # lease free (its NOTIFY, or else the next poll, brings a process).
                if self._stopping:  # what is left goes to the other processes
                    await self.pool.execute(RELEASE, citizen, self.owner)
                    return
                if await self.pool.fetchval(RELEASE_IF_IDLE, citizen, self.owner):
                    if citizen not in self._claimed_again:
                        return
                    self._claimed_again.discard(citizen)
                    self.on_claim(citizen)  # another process may have served them meanwhile
        except Exception:
            # (The database, most likely.) The heartbeat finds the lease and tries again, or,
            # when the database stays away, the lease expires for whichever process sees it.
            log.exception("working on citizen %s failed", citizen)
            await asyncio.sleep(1)
        finally:
            self._working.pop(citizen, None)
            self._claimed_again.discard(citizen)

    async def _process(self, update_id: int, body: str) -> None:
        try:
            await self.handle(update_id, json.loads(body))
        except Exception:
            log.exception("update %s failed; marking it done", update_id)
        await self.pool.execute(DONE, update_id)
        self.processed += 1

    async def _heartbeat(self) -> None:
        beats = 0
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            try:
                held = await self.pool.fetch(RENEW, self.owner, self.lease_seconds)
                for row in held:  # a lease without a task (a failed one): work on it again
                    if row["citizen"] not in self._working and not self._stopping:
                        self._working[row["citizen"]] = asyncio.ensure_future(
                            self._work_on(row["citizen"]))
                beats += 1
                if beats % 200 == 1:
                    await self.pool.execute(FORGET_DONE)
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("could not renew the leases: %s", error)
