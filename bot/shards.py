"""Several bot processes sharing the citizens: one router, N workers, each citizen on one worker.

Why: a Python process runs on one core. :class:`~bot.ordering.PerChatOrderedProcessor` lets one
process overlap thousands of Bot API round trips, but at a national launch the CPU work per
update (parsing it, the engine, building the replies) fills that one core long before the
network does. Telegram hands out updates through one getUpdates stream only, so the work is
split behind it:

* The **router** (this module, :class:`UpdateRouter`) long-polls getUpdates itself and hands
  each update, as one JSON line on a pipe, to the worker that owns its citizen:
  ``citizen id mod N`` (:func:`shard_of`). It does nothing else, so it stays light.
* A **worker** (:func:`serve_worker`) is the whole bot as ``build_application`` wires it, minus
  PTB's Updater: it reads the lines from its stdin, turns them into ``Update`` objects and puts
  them on its ``update_queue``. Every worker opens the same database; SQLite's locking and the
  engine's transactions keep concurrent writers from different processes safe.

What stays true:

* **Order per citizen.** The router writes a citizen's updates to one pipe in the order
  Telegram numbered them; the worker queues them in that order, and its ordered processor runs
  them one after another.
* **The view cache** (``bot/viewcache.py``) stays right for citizens: a citizen's calls all go
  through the same worker. Organiser actions (open, close, moderation) clear the cache only in
  the worker that ran them; the others may show a closed survey for a moment, but the engine
  checks every write against the database, so nothing wrong is recorded.
* **Delivery** is as with PTB's own polling: updates are confirmed to Telegram by the next
  getUpdates, and on a clean stop the router confirms the last batch before the workers drain
  their queues. A crash can lose updates fetched but not yet handled; no citizen was told such
  an update was saved.
* **The overall send cap** is shared: each worker gets ``1/N`` of ``SAMEN_SEND_RATE_LIMIT``.

A worker that dies stops the whole bot with an error (the service manager restarts it): a
silently missing worker would leave its share of the citizens unanswered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from collections.abc import Sequence
from typing import Any

import aiohttp
from telegram import Update
from telegram.ext import Application

from bot.app import initialize_checking_token

log = logging.getLogger(__name__)

JsonDict = dict[str, Any]
# One update as a JSON line; Telegram messages are at most 4096 characters, but a reply or a
# quoted message can make an update larger than asyncio's default 64 KiB line limit.
MAX_LINE_BYTES = 4 * 1024 * 1024
GET_UPDATES_LIMIT = 100  # Telegram's maximum per call


class WorkerDied(RuntimeError):
    """A worker process ended while the bot was running."""


def citizen_of(update: JsonDict) -> int | None:
    """The id of the user (else the chat) an update comes from: the key it is ordered by.

    Mirrors ``bot.ordering.ordering_key`` on the raw JSON: every update kind carries its object
    under one field, with the sender in ``from`` (messages, button presses), ``user`` (poll
    answers, reactions) or only a ``chat`` (channel posts, join requests).
    """
    for name, value in update.items():
        if name == "update_id" or not isinstance(value, dict):
            continue
        for person_field in ("from", "user"):
            person = value.get(person_field)
            if isinstance(person, dict) and isinstance(person.get("id"), int):
                return person["id"]
        chat = value.get("chat")
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return chat["id"]
    return None


def shard_of(update: JsonDict, shards: int) -> int:
    """Which of ``shards`` workers handles ``update`` (keyless updates go to worker 0)."""
    citizen = citizen_of(update)
    return 0 if citizen is None else citizen % shards


class UpdateRouter:
    """Long-polls getUpdates and routes every update to the worker that owns its citizen.

    Args:
        api_base_url: the Bot API base, as PTB takes it (``https://api.telegram.org/bot``).
        token: the bot token.
        worker_commands: one command line per worker; each worker reads JSON lines on stdin
            (see :func:`serve_worker`).
        poll_timeout: getUpdates long-poll timeout in seconds.
    """

    def __init__(
        self,
        api_base_url: str,
        token: str,
        worker_commands: Sequence[Sequence[str]],
        *,
        poll_timeout: int = 10,
    ) -> None:
        if not worker_commands:
            raise ValueError("at least one worker is needed")
        self.url = f"{api_base_url}{token}/getUpdates"
        self.worker_commands = [list(command) for command in worker_commands]
        self.poll_timeout = poll_timeout
        self.offset: int | None = None
        self.routed = 0
        self._workers: list[asyncio.subprocess.Process] = []

    async def run(self, stopping: asyncio.Event) -> None:
        """Start the workers and route updates until ``stopping`` is set; then stop cleanly.

        Raises :class:`WorkerDied` if a worker ends on its own.
        """
        self._workers = [
            await asyncio.create_subprocess_exec(*command, stdin=asyncio.subprocess.PIPE)
            for command in self.worker_commands
        ]
        timeout = aiohttp.ClientTimeout(total=self.poll_timeout + 30)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                poller = asyncio.ensure_future(self._poll(session))
                watchers = [asyncio.ensure_future(worker.wait()) for worker in self._workers]
                stop = asyncio.ensure_future(stopping.wait())
                done, _ = await asyncio.wait(
                    [poller, stop, *watchers], return_when=asyncio.FIRST_COMPLETED
                )
                poller.cancel()
                stop.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await poller
                died = [n for n, watcher in enumerate(watchers) if watcher in done]
                if died:
                    code = self._workers[died[0]].returncode
                    raise WorkerDied(f"worker {died[0]} exited with code {code}")
                await self._confirm(session)
        finally:
            await self._stop_workers()

    async def _poll(self, session: aiohttp.ClientSession) -> None:
        backoff = 1.0
        while True:
            try:
                updates = await self._get_updates(session, self.poll_timeout)
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                log.warning("getUpdates failed (%s); retrying in %.0f s", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(30.0, 2 * backoff)
                continue
            backoff = 1.0
            await self._route(updates)

    async def _get_updates(self, session: aiohttp.ClientSession, timeout: int) -> list[JsonDict]:
        parameters: JsonDict = {
            "timeout": timeout, "limit": GET_UPDATES_LIMIT, "allowed_updates": Update.ALL_TYPES,
        }
        if self.offset is not None:
            parameters["offset"] = self.offset
        async with session.post(self.url, json=parameters) as response:
            reply = await response.json(content_type=None)
        if not reply.get("ok"):
            description = reply.get("description", "no description")
            if reply.get("error_code") == 401:  # a wrong token will not get better
                raise PermissionError(f"getUpdates: {description}")
            raise ValueError(f"getUpdates answered {reply.get('error_code')}: {description}")
        return reply["result"]

    async def _route(self, updates: list[JsonDict]) -> None:
        touched: set[int] = set()
        for update in updates:
            shard = shard_of(update, len(self._workers))
            pipe = self._workers[shard].stdin
            assert pipe is not None
            pipe.write(json.dumps(update, separators=(",", ":")).encode() + b"\n")
            touched.add(shard)
            self.offset = update["update_id"] + 1
        self.routed += len(updates)
        for shard in touched:  # back-pressure: a worker that lags slows the polling down
            pipe = self._workers[shard].stdin
            assert pipe is not None
            await pipe.drain()

    async def _confirm(self, session: aiohttp.ClientSession) -> None:
        """Tell Telegram the routed updates are taken, so a restart does not get them again."""
        if self.offset is None:
            return
        try:
            await self._get_updates(session, 0)  # with the offset: confirms, fetches none new
        except (aiohttp.ClientError, TimeoutError, ValueError, PermissionError) as error:
            log.warning("could not confirm the last updates (%s); they may come again", error)

    async def _stop_workers(self, grace: float = 30.0) -> None:
        """Close every worker's pipe (it finishes what it has, then exits) and wait for it."""
        for worker in self._workers:
            if worker.stdin is not None and not worker.stdin.is_closing():
                worker.stdin.close()
        for worker in self._workers:
            try:
                await asyncio.wait_for(worker.wait(), grace)
            except TimeoutError:
                log.error("worker %s did not stop within %.0f s; killing it", worker.pid, grace)
                worker.kill()
                await worker.wait()


async def serve_worker(
    application: Application, *, run_post_init: bool, updates: asyncio.StreamReader | None = None
) -> None:
    """Run ``application`` (built without an Updater) on the JSON lines the router sends.

    Reads ``updates`` (default: stdin) until it ends, then stops the application, which
    finishes the updates already queued. SIGINT is ignored: Ctrl-C reaches the whole process
    group, and a worker must not drop what it holds before the router has stopped feeding it.
    SIGTERM stops the worker at once (what is in flight still finishes).
    """
    loop = asyncio.get_running_loop()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if updates is None:
        updates = asyncio.StreamReader(limit=MAX_LINE_BYTES)
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(updates), sys.stdin.buffer
        )
    await initialize_checking_token(application)
    try:
        if run_post_init and application.post_init is not None:
            await application.post_init(application)
        await application.start()
        feeding = asyncio.ensure_future(_feed(application, updates))
        loop.add_signal_handler(signal.SIGTERM, feeding.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await feeding
        await application.stop()
    finally:
        await application.shutdown()


def without_pressed_keyboard(update: JsonDict) -> JsonDict:
    """``update`` without the keyboard of the message whose button was pressed.

    Telegram sends the whole message back with every button press, keyboard included, and
    PTB turns every button of it into an object: about a tenth of a worker's CPU per update.
    The bot never reads it (the engine's view says what the buttons are), so it is dropped
    before parsing. Everything else, the pressed message's id and text included, stays.
    """
    message = update.get("callback_query", {}).get("message")
    if isinstance(message, dict):
        message.pop("reply_markup", None)
    return update


async def _feed(application: Application, updates: asyncio.StreamReader) -> None:
    bot = application.bot
    queue = application.update_queue
    async for line in updates:
        try:
            update = Update.de_json(without_pressed_keyboard(json.loads(line)), bot)
        except (ValueError, TypeError, KeyError) as error:
            # The router only forwards what Telegram sent; a line PTB cannot read is logged,
            # never allowed to stop the citizens behind it.
            log.error("skipping an update that could not be read: %s", error)
            continue
        await queue.put(update)
