"""The bot under test in its own process, and the parent's handle on it.

The parent (``BotProcess``) re-runs the bench's entry script, bench/bot_throughput.py, with
``--serve samen|echo`` (and, behind the router of bot/shards.py, ``--serve samen-worker`` per
worker). That child runs the real Samen wiring or a bare PTB echo bot against the local Bot API
server and prints ``update_id monotonic-time`` on stdout whenever an update is fully processed;
the parent reads those lines and measures the child's CPU from /proc.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[1]
ROOT = BENCH.parent
# A bot process is the bench's entry script run again with --serve (its argparse CLI).
SCRIPT = BENCH / "bot_throughput.py"

TOKEN = "123:BENCH"
SECRET = b"bench-pseudonym-secret"


def bench_settings(base_url: str, workers: int = 1) -> Any:
    from bot.config import BotSettings

    return BotSettings(token=TOKEN, api_base_url=f"{base_url}/bot",
                       api_file_url=f"{base_url}/file/bot", flood_limit=0,
                       send_rate_limit=0, chat_send_rate=0, workers=workers)


def add_observer(application: Any) -> None:
    """The handler, in a late group, that tells the bench an update is fully processed."""
    from telegram.ext import ContextTypes, TypeHandler

    out = sys.stdout.buffer
    pending: list[str] = []

    def flush() -> None:
        # Workers share the pipe: a write of at most PIPE_BUF (4 KiB) bytes is atomic, so
        # every write is whole lines within that size and lines of two workers never mix.
        chunk = b""
        for line in pending:
            if len(chunk) + len(line) > 4000:
                out.write(chunk)
                out.flush()
                chunk = b""
            chunk += line.encode()
        out.write(chunk)
        out.flush()
        pending.clear()

    async def report_done(update: object, _: ContextTypes.DEFAULT_TYPE) -> None:
        # Written once per event-loop turn, not per update: the observer is measuring
        # equipment and should cost the bot as little CPU as possible.
        if not pending:
            asyncio.get_running_loop().call_soon(flush)
        pending.append(f"{getattr(update, 'update_id', -1)} {time.monotonic():.6f}\n")

    application.add_handler(TypeHandler(object, report_done), group=99)


def announce_ready(application: Any, workers: int = 1) -> None:
    wiring = (f"{type(application.bot.request).__name__} "
              f"{type(application.update_processor).__name__}")
    if workers > 1:
        wiring += f", {workers} worker processes behind one router"
    sys.stdout.write(f"ready {wiring}\n")
    sys.stdout.flush()


async def serve_bot(kind: str, base_url: str, database: str, workers: int) -> None:
    """Run one bot against the local server until SIGTERM; report each finished update."""
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    from bot.app import build_application, start_polling, stop_polling
    from surveys.engine import Engine

    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    if kind == "samen" and workers > 1:
        await route(base_url, database, workers, stopping)
        return
    engine = None
    if kind == "samen":
        engine = await Engine.open(database, SECRET)
        application = build_application(bench_settings(base_url), engine)
    else:
        application = Application.builder().token(TOKEN).base_url(f"{base_url}/bot").build()

        async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
            await update.effective_message.reply_text(update.effective_message.text)  # type: ignore[union-attr]

        application.add_handler(MessageHandler(filters.TEXT, echo))
    add_observer(application)
    await start_polling(application, timeout=10)
    announce_ready(application)
    await stopping.wait()
    await stop_polling(application)
    if engine is not None:
        await engine.close()


async def route(base_url: str, database: str, workers: int, stopping: asyncio.Event) -> None:
    """The router of bot/shards.py in front of `workers` Samen workers (this script again)."""
    from bot.shards import UpdateRouter

    commands = [[sys.executable, str(SCRIPT), "--serve", "samen-worker", "--shard", str(n),
                 "--workers", str(workers), "--api", base_url, "--database", database]
                for n in range(workers)]
    await UpdateRouter(f"{base_url}/bot", TOKEN, commands).run(stopping)


async def serve_worker(base_url: str, database: str, shard: int, workers: int) -> None:
    """One Samen worker behind the router: the real wiring, fed on stdin."""
    from bot import shards
    from bot.app import build_application
    from surveys.engine import Engine

    engine = await Engine.open(database, SECRET)
    application = build_application(bench_settings(base_url, workers), engine,
                                    with_updater=False)
    add_observer(application)
    original_start = application.start

    async def start_and_announce() -> None:
        await original_start()
        announce_ready(application, workers)

    application.start = start_and_announce  # type: ignore[method-assign]
    try:
        await shards.serve_worker(application, run_post_init=shard == 0)
    finally:
        await engine.close()


async def serve_webhook_bot(base_url: str, database: str, port: int) -> None:
    """One Samen webhook process (bot/webhook.py) on PostgreSQL, listening on `port`."""
    import dataclasses

    from bot.app import build_application
    from bot.webhook import run_webhook
    from surveys.engine import Engine

    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    settings = dataclasses.replace(
        bench_settings(base_url), webhook_url=f"http://127.0.0.1:{port}/telegram/hook",
        webhook_port=port)
    engine = await Engine.open(database, SECRET)
    try:
        application = build_application(settings, engine, with_updater=False)
        add_observer(application)
        await run_webhook(application, settings, database, stopping,
                          on_listening=lambda _: announce_ready(application))
    finally:
        await engine.close()


def process_tree_cpu_seconds(root: int) -> float:
    """User + system CPU of `root` and every process below it, from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, below = 0.0, {root}
    changed = True
    while changed:  # add children until no new descendants appear
        changed = False
        for pid, parent in parents.items():
            if parent in below and pid not in below:
                below.add(pid)
                changed = True
    for pid in below:
        total += times.get(pid, 0.0)
    return total


class BotProcess:
    """The bot in its own process, with the update-finished times it reports."""

    def __init__(self, kind: str, base_url: str, database: str, profile: str | None = None,
                 workers: int = 1) -> None:
        self.args = [sys.executable, str(SCRIPT), "--serve", kind, "--api", base_url,
                     "--database", database, "--workers", str(workers)] + (
                         ["--profile", profile] if profile else [])
        self.workers = workers
        self.on_done: Any = lambda update_id, at: None
        self.finished: dict[int, float] = {}
        self.wiring = ""

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *self.args, stdout=asyncio.subprocess.PIPE, cwd=ROOT)
        assert self.process.stdout is not None
        for _ in range(self.workers):  # every worker says when it is ready
            line = (await self.process.stdout.readline()).decode()
            if not line.startswith("ready"):
                raise RuntimeError(f"the bot did not start: {line!r}")
            self.wiring = line.split(maxsplit=1)[1].strip()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            update_id, at = line.split()
            self.finished[int(update_id)] = float(at)
            self.on_done(int(update_id), float(at))

    def cpu_seconds(self) -> float:
        return process_tree_cpu_seconds(self.process.pid)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 15)
        except TimeoutError:
            self.process.kill()  # never leave a bot behind on a shared machine
            await self.process.wait()
        self.reader.cancel()



class WebhookBotProcesses(BotProcess):
    """Webhook processes (one per port) on one PostgreSQL database, as one bot for the phases: their
    finished updates in one dict, their CPU summed. The local server's webhook delivery
    spreads the posts over them in turn (``api.webhook.targets``), as a balancer would."""

    def __init__(self, base_url: str, database: str, ports: list[int]) -> None:
        super().__init__("samen-webhook", base_url, database)
        self.ports = ports
        self.commands = [[sys.executable, str(SCRIPT), "--serve", "samen-webhook", "--api",
                          base_url, "--database", database, "--port", str(port)]
                         for port in self.ports]

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}/telegram/hook" for port in self.ports]

    async def start(self) -> None:
        self.processes = [await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, cwd=ROOT) for command in self.commands]
        for process in self.processes:
            assert process.stdout is not None
            line = (await process.stdout.readline()).decode()
            if not line.startswith("ready"):
                raise RuntimeError(f"a webhook process did not start: {line!r}")
            self.wiring = line.split(maxsplit=1)[1].strip()
        self.wiring += f", {len(self.processes)} webhook processes sharing a PostgreSQL inbox"
        self.readers = [asyncio.create_task(self._read_from(p)) for p in self.processes]

    async def _read_from(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        async for line in process.stdout:
            update_id, at = line.split()
            if int(update_id) not in self.finished:  # a replay after a crash reports twice
                self.finished[int(update_id)] = float(at)
                self.on_done(int(update_id), float(at))

    def cpu_seconds(self) -> float:
        return sum(process_tree_cpu_seconds(p.pid) for p in self.processes)

    async def stop(self) -> None:
        for process in self.processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        for reader in self.readers:
            reader.cancel()
