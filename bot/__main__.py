"""python -m bot [run] | python -m bot demo — the Samen Telegram bot.

run (the default): the bot against Telegram, with settings from the environment or `.env`
(see .env.example): long polling, or a webhook server when TELEGRAM_WEBHOOK_URL is set. The
database is SAMEN_DB; load and open a survey first with `python -m surveys load FILE` and
`python -m surveys open ID`. `--workers N` (or SAMEN_WORKERS) runs N bot processes behind one
router that polls Telegram, each serving a fixed share of the citizens (bot/shards.py).

demo: no token, no network: a local Bot API server, an example survey and a few hundred
simulated citizens going through the real bot; see `python -m bot demo --help`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import signal
import sys
from urllib.parse import urlsplit

from telegram import Update

from bot.app import build_application
from bot.config import BotSettings, SettingsError, bot_settings
from bot.shards import UpdateRouter, WorkerDied, serve_worker
from surveys.engine import Engine
from surveys.settings import storage_settings

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run_parser = commands.add_parser("run", help="run the bot against Telegram (the default)")
    run_parser.add_argument(
        "--workers", type=int, metavar="N",
        help="bot processes sharing the citizens (default: SAMEN_WORKERS, else 1)",
    )
    worker_parser = commands.add_parser("worker")  # started by the router, not by people
    worker_parser.add_argument("--shard", type=int, required=True)
    demo_parser = commands.add_parser(
        "demo", help="simulated citizens through the real bot, no token or network needed",
    )
    if argv[:1] == ["demo"]:
        from bot import demo  # imported only when asked: it pulls in the simulation

        demo_parser.description = demo.__doc__
        demo_parser.formatter_class = argparse.RawDescriptionHelpFormatter
        demo.add_arguments(demo_parser)
        return demo.run(parser.parse_args(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = bot_settings()
    except SettingsError as error:
        print(f"python -m bot: {error}", file=sys.stderr)
        return 2
    chosen = getattr(args, "workers", None)  # `run --workers N`; a plain `python -m bot` has none
    workers = settings.workers if chosen is None else chosen
    if args.command != "worker" and (workers < 1 or (workers > 1 and settings.uses_webhook)):
        print("python -m bot: --workers must be at least 1, and more than 1 needs long polling "
              "(no TELEGRAM_WEBHOOK_URL)", file=sys.stderr)
        return 2
    if storage_settings().uses_development_secret:
        # The secret is what keeps an export's pseudonyms from being linked to Telegram ids.
        print("python -m bot: SAMEN_PSEUDONYM_SECRET is not set (see .env.example). Without "
              "it, pseudonyms would use a public development secret and an export could be "
              "linked back to Telegram ids. Set a long random value, for example the output "
              "of: python3 -c 'import secrets; print(secrets.token_hex(32))'", file=sys.stderr)
        return 2
    if args.command == "worker":
        asyncio.run(serve_shard(settings, args.shard))
        return 0
    if workers == 1:
        asyncio.run(serve(settings))
        return 0
    try:
        asyncio.run(route(settings, workers))
    except WorkerDied as error:
        log.error("%s; stopping", error)
        return 1
    return 0


async def route(settings: BotSettings, workers: int) -> None:
    """The router in front of `workers` bot processes, until SIGINT or SIGTERM."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    commands = [[sys.executable, "-m", "bot", "worker", "--shard", str(n)]
                for n in range(workers)]
    # The workers read the same settings from the environment; SAMEN_WORKERS tells each its
    # share of the send cap.
    os.environ["SAMEN_WORKERS"] = str(workers)
    router = UpdateRouter(settings.api_base_url, settings.token, commands)
    log.info("routing %s to %d workers", settings.api_base_url, workers)
    await router.run(stopping)
    log.info("stopped after routing %d updates", router.routed)


async def serve_shard(settings: BotSettings, shard: int) -> None:
    """One worker behind the router: its share of the citizens, fed on stdin."""
    storage = storage_settings()
    engine = await Engine.open(storage.database, storage.pseudonym_secret)
    # Every worker paces its own sends: together they keep to the overall cap.
    share = dataclasses.replace(
        settings, send_rate_limit=settings.send_rate_limit / max(1, settings.workers)
    )
    try:
        application = build_application(share, engine, with_updater=False)
        await serve_worker(application, run_post_init=shard == 0)
    finally:
        await engine.close()


async def serve(settings: BotSettings) -> None:
    """Run until SIGINT or SIGTERM, then stop cleanly (in-flight updates finish first)."""
    storage = storage_settings()
    engine = await Engine.open(storage.database, storage.pseudonym_secret)
    application = build_application(settings, engine)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    try:
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        updater = application.updater
        assert updater is not None
        if settings.uses_webhook:
            await updater.start_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret_token or None,
                allowed_updates=Update.ALL_TYPES,
            )
            log.info("webhook %s, listening on %s:%s", settings.webhook_url,
                     settings.webhook_listen, settings.webhook_port)
        else:
            await updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("polling %s (database %s)", settings.api_base_url, storage.database)
        await stopping.wait()
        log.info("stopping")
        await updater.stop()
        await application.stop()
    finally:
        await application.shutdown()
        await engine.close()


if __name__ == "__main__":
    sys.exit(main())
