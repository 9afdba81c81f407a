"""Posting updates to the bot's webhook, as Telegram does, once a webhook URL is set.

Like Telegram: every update is POSTed as JSON to the URL (with the
``X-Telegram-Bot-Api-Secret-Token`` header when setWebhook gave a secret); anything but a 200
(an error status, a refused connection, no answer within ``timeout``) is retried after a pause,
so an update is never dropped, and one citizen's updates go one after another (the next only
once the previous got its 200), different citizens' over up to ``connections`` requests at
once. ``duplicate_rate`` posts that fraction of the updates a second time after their 200, as
Telegram may. For safety this server posts only to 127.0.0.1 / localhost.

``targets``, when set, overrides the URL: each post goes to the next of these URLs in turn, a
stand-in for a load balancer in front of several bot processes (the throughput bench).

``acknowledged`` maps each update_id to when it first got a 200 (time.monotonic()).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import random
import time
from urllib.parse import urlsplit

import aiohttp

from bot.localapi.objects import JsonDict
from bot.localapi.updates import UpdateQueue

LOCAL_HOSTS = ("127.0.0.1", "localhost")


def sender_of(update: JsonDict) -> int:
    """Whose update this is (user, else chat; 0 when neither), for the per-citizen order."""
    for name, value in update.items():
        if name == "update_id" or not isinstance(value, dict):
            continue
        for field in ("from", "user", "chat"):
            person = value.get(field)
            if isinstance(person, dict) and isinstance(person.get("id"), int):
                return int(person["id"])
    return 0


class WebhookDelivery:
    def __init__(self, updates: UpdateQueue, webhook: JsonDict, *, connections: int = 40,
                 retry_pause: float = 0.2, timeout: float = 10.0, duplicate_rate: float = 0.0,
                 seed: int = 0) -> None:
        self.updates, self.webhook = updates, webhook
        self.connections, self.retry_pause, self.timeout = connections, retry_pause, timeout
        self.duplicate_rate = duplicate_rate
        self.targets: list[str] = []
        self._turn = 0
        self.acknowledged: dict[int, float] = {}
        self.failed_posts = 0
        self.duplicates_posted = 0
        self._random = random.Random(seed)
        self._lanes: dict[int, collections.deque[JsonDict]] = {}
        self._ready: asyncio.Queue[int] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def in_flight(self) -> int:
        """Updates taken from the queue and not yet acknowledged."""
        return sum(len(lane) for lane in self._lanes.values())

    def _url(self) -> str | None:
        if self.targets and self.webhook.get("url"):
            self._turn += 1
            url = self.targets[self._turn % len(self.targets)]
        else:
            url = str(self.webhook.get("url") or "")
        return url if url and urlsplit(url).hostname in LOCAL_HOSTS else None

    async def _run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        connector = aiohttp.TCPConnector(limit=self.connections)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            posters = [asyncio.ensure_future(self._post_lanes(session))
                       for _ in range(self.connections)]
            try:
                while True:
                    await self.updates.arrived.wait()
                    self.updates.arrived.clear()
                    if self._url() is None:
                        await asyncio.sleep(0.05)  # getUpdates serves them, or a webhook comes
                        self.updates.arrived.set()
                        continue
                    for update in self.updates.take_all():
                        sender = sender_of(update)
                        lane = self._lanes.get(sender)
                        if lane is None:
                            self._lanes[sender] = collections.deque([update])
                            self._ready.put_nowait(sender)
                        else:
                            lane.append(update)  # posted after the ones before it
            finally:
                for poster in posters:
                    poster.cancel()
                await asyncio.gather(*posters, return_exceptions=True)

    async def _post_lanes(self, session: aiohttp.ClientSession) -> None:
        while True:
            sender = await self._ready.get()
            lane = self._lanes[sender]
            update = lane[0]
            await self._post_until_acknowledged(session, update)
            if self._random.random() < self.duplicate_rate:
                self.duplicates_posted += 1
                await self._post_until_acknowledged(session, update)
            lane.popleft()
            if lane:
                self._ready.put_nowait(sender)
            else:
                del self._lanes[sender]

    async def _post_until_acknowledged(self, session: aiohttp.ClientSession,
                                       update: JsonDict) -> None:
        while True:
            url = self._url()
            if url is not None:
                headers = {}
                if self.webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
                try:
                    async with session.post(url, json=update, headers=headers) as response:
                        await response.read()
                        if response.status == 200:
                            self.acknowledged.setdefault(update["update_id"], time.monotonic())
                            return
                except (aiohttp.ClientError, TimeoutError):
                    pass
                self.failed_posts += 1
            await asyncio.sleep(self.retry_pause)
