"""One of several webhook processes behind a load balancer, sharing PostgreSQL (bot/inbox.py).

``python -m bot`` runs this when TELEGRAM_WEBHOOK_URL is set and the database is PostgreSQL.
Every process is the same: an aiohttp server that answers Telegram's POST with 200 once the
update is in the inbox, an :class:`~bot.inbox.Inbox` that processes citizens' updates in
order, and ``GET /healthz`` for the balancer and monitoring (200 while the database answers,
503 while stopping or when it does not). SIGTERM: the process answers 503 to new posts (the
balancer sends them elsewhere; Telegram retries), finishes the citizens it works on, lets go
of their leases and exits.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import asyncpg
from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.config import BotSettings
from bot.inbox import Inbox
from bot.shards import without_pressed_keyboard
from bot.turn import ENGINE, LANGUAGE_CACHE, SURVEY_CACHE
from surveys.engine import Engine
from surveys.settings import StorageSettings
from surveys.storage.fence import applying

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 4 * 1024 * 1024
# Connections for the inbox, beside the store's pool (plus one that LISTENs).
INBOX_POOL_SIZE = 6


class WebhookServer:
    """The HTTP side: the webhook path and /healthz."""

    def __init__(self, inbox: Inbox, path: str, secret_token: str = "") -> None:
        self.inbox, self.path, self.secret_token = inbox, "/" + path.lstrip("/"), secret_token
        self.stopping = False
        self.received = 0
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPDATE_BYTES)
        app.router.add_post(self.path, self._update)
        app.router.add_get("/healthz", self._health)
        return app

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0: a free port); returns the port."""
        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, backlog=1024)
        await site.start()
        return int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _update(self, request: web.Request) -> web.Response:
        if self.stopping:
            return web.Response(status=503, text="stopping")
        if self.secret_token and not hmac.compare_digest(
            request.headers.get(SECRET_HEADER, ""), self.secret_token
        ):
            return web.Response(status=403, text="wrong secret token")
        try:
            update = json.loads(await request.read())
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                raise ValueError("no update_id")
        except ValueError:
            return web.Response(status=400, text="not a Telegram update")
        try:
            await self.inbox.record(update)
        except (OSError, asyncpg.PostgresError) as error:
            # Not recorded, so not acknowledged: Telegram posts it again later.
            log.warning("could not record update %s: %s", update["update_id"], error)
            return web.Response(status=503, text="database unavailable")
        self.received += 1
        return web.Response(text="ok")

    async def _health(self, request: web.Request) -> web.Response:
        status: dict[str, Any] = {
            "process": self.inbox.owner, "received": self.received,
            "processed": self.inbox.processed,
            "citizens_in_progress": self.inbox.citizens_in_progress,
        }
        try:
            await asyncio.wait_for(self.inbox.pool.fetchval("SELECT 1"), 2)
            database = "ok"
        except (OSError, TimeoutError, asyncpg.PostgresError) as error:
            database = f"unavailable: {error}"
        status["database"] = database
        healthy = database == "ok" and not self.stopping
        status["status"] = "ok" if healthy else ("stopping" if self.stopping else "failing")
        return web.json_response(status, status=200 if healthy else 503)


def update_handler(application: Application) -> Any:
    """Process one inbox update through the bot, its writes fenced by its update_id."""

    async def handle(update_id: int, body: dict[str, Any]) -> None:
        update = Update.de_json(without_pressed_keyboard(body), application.bot)
        with applying(update_id):
            await application.process_update(update)

    return handle


def forget_citizen(application: Application, citizen: int) -> None:
    """Drop what this process cached about a citizen (their screen, language, survey): while
    it did not hold their lease, another process may have moved them on. While it holds the
    lease no one else does, so the caches are right again from here on."""
    data = application.bot_data
    data[ENGINE].forget(citizen)
    data[LANGUAGE_CACHE].pop(citizen, None)
    data[SURVEY_CACHE].pop(citizen, None)


async def serve_webhook(
    settings: BotSettings, storage: StorageSettings, *, lease_seconds: float = 15.0
) -> None:
    """Run one webhook process until SIGINT or SIGTERM."""
    engine = await Engine.open(storage.database, storage.pseudonym_secret)
    try:
        application = build_application(settings, engine, with_updater=False)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopping.set)
        await run_webhook(application, settings, str(storage.database), stopping,
                          lease_seconds=lease_seconds)
    finally:
        await engine.close()


async def run_webhook(
    application: Application, settings: BotSettings, database_url: str,
    stopping: asyncio.Event, *, lease_seconds: float = 15.0,
    on_listening: Callable[[int], None] = lambda port: None,
) -> None:
    """Serve `application` (built without an Updater) as one webhook process until `stopping`
    is set; `on_listening(port)` once the webhook answers (the benchmark's cue)."""
    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=INBOX_POOL_SIZE)
    inbox = Inbox(pool, database_url, update_handler(application), lease_seconds=lease_seconds,
                  on_claim=lambda citizen: forget_citizen(application, citizen))
    server = WebhookServer(inbox, urlsplit(settings.webhook_url).path or "/",
                           settings.webhook_secret_token)
    try:
        await inbox.create_tables()
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        port = await server.start(settings.webhook_listen, settings.webhook_port)
        # Every process registers the same URL: harmless, and none is special.
        await application.bot.set_webhook(
            settings.webhook_url, secret_token=settings.webhook_secret_token or None,
            allowed_updates=Update.ALL_TYPES, max_connections=100,
        )
        log.info("webhook %s, listening on %s:%s, process %s", settings.webhook_url,
                 settings.webhook_listen, port, inbox.owner)
        on_listening(port)
        processing = asyncio.ensure_future(inbox.run(stopping))
        stop = asyncio.ensure_future(stopping.wait())
        await asyncio.wait([processing, stop], return_when=asyncio.FIRST_COMPLETED)
        if processing.done():  # it ended on its own: an error; let the service manager restart
            stop.cancel()
            server.stopping = True
            processing.result()
        log.info("stopping: finishing %d citizens", inbox.citizens_in_progress)
        server.stopping = True
        await processing
    finally:
        await server.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        await application.bot.shutdown()
        await pool.close()
